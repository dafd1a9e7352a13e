"""Look-ups kept per process (core/lookups.py) never outlive a change, on any app server:
a role removed, a token revoked or the organisation changed counts from the next request
(ISO 10002 5.3 roles, 7.2 receipt under the organisation's current rules)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from upheld.api.models import ApiToken
from upheld.complaints.roles import HANDLER
from upheld.organisation.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def as_another_server(*statements):
    """What another app server does: change rows, and (its signal) raise the generation,
    in one transaction. Nothing of it runs in this process's signal handlers."""
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("UPDATE core_lookupgeneration SET value = value + 1 WHERE id = 1")


def test_a_second_request_reads_neither_the_token_nor_the_permissions(handler, api_as):
    client = api_as(handler)
    assert client.get("/complaints/CMP-0").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/complaints/CMP-0").status_code == 404
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "api_apitoken" not in read and "auth_permission" not in read
    assert "core_lookupgeneration" in read  # the one check that nothing changed


def test_a_role_removed_on_another_server_counts_at_the_next_request(handler, api_as):
    client = api_as(handler)
    assert client.get("/complaints/CMP-0").status_code == 404
    group = Group.objects.get(name=HANDLER)
    as_another_server(
        (
            "DELETE FROM auth_user_groups WHERE user_id = %s AND group_id = %s",
            [handler.pk, group.pk],
        )
    )
    assert client.get("/complaints/CMP-0").status_code == 403


def test_a_token_revoked_in_the_admin_is_refused_at_the_next_request(handler, api_as, client):
    from upheld.api.admin import ApiTokenAdmin

    api = api_as(handler)
    assert api.get("/complaints/CMP-0").status_code == 404
    ApiTokenAdmin(ApiToken, None).revoke(None, ApiToken.objects.filter(user=handler))
    assert api.get("/complaints/CMP-0").status_code == 401


def test_a_token_revoked_on_another_server_is_refused_at_the_next_request(handler, api_as):
    api = api_as(handler)
    assert api.get("/complaints/CMP-0").status_code == 404
    as_another_server(("UPDATE api_apitoken SET revoked = %s", [True]))
    assert api.get("/complaints/CMP-0").status_code == 401


def test_a_change_rolled_back_leaves_nothing_behind(org):
    name = Organisation.current().name
    with pytest.raises(RuntimeError), transaction.atomic():
        changed = Organisation.current()
        changed.name = "Renamed, then rolled back"
        changed.save()
        assert Organisation.current().name == "Renamed, then rolled back"
        raise RuntimeError
    assert Organisation.current().name == name


def test_each_caller_gets_its_own_organisation(org):
    mine = Organisation.current()
    mine.name = "Not saved"
    assert Organisation.current().name != "Not saved"


def test_receiving_through_the_api_makes_a_known_number_of_queries(
    org, handler, api_as, new_complaint
):
    """POST /complaints, the whole path (token, roles, record, trail, acknowledgement job):
    the look-ups' generation check, BEGIN, the reference, the person, the complaint with
    its trail head, the trail key, the event, its personal side row, the job, the message,
    COMMIT (issue 7, point 8). PostgreSQL adds one, the ids reserved for the rows, so that
    they are sent in a pipeline without waiting for each answer (test_receipt_rows.py)."""
    api = api_as(handler)
    assert api.post("/complaints", new_complaint()).status_code == 201
    with CaptureQueriesContext(connection) as queries:
        assert api.post("/complaints", new_complaint()).status_code == 201
    statements = [q["sql"] for q in queries.captured_queries]
    expected = 12 + (connection.vendor == "postgresql")  # with the clocks it starts (issue 8)
    assert len(statements) == expected, "\n".join(statements)

"""Only holders of a valid API token reach the API; each may do what their role allows."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from upheld.api.models import ApiToken, hash_key
from upheld.complaints.models import Complaint

from .conftest import ApiClient


def test_issue_token_prints_the_key_once_and_stores_only_its_hash(handler):
    out = StringIO()
    call_command("issue_token", "handler", "--name", "CRM bridge", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=handler)
    assert token.name == "CRM bridge"
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key.startswith(token.prefix)
    assert ApiClient(key).get("/complaints/CMP-0").status_code == 404


def test_issue_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user"):
        call_command("issue_token", "nobody", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("key", [None, "uph_not-a-real-token", "garbage with spaces"])
def test_a_request_without_a_valid_token_gets_401_json(db, key):
    response = ApiClient(key).get("/complaints/CMP-2026-000001")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_no_longer_works(handler, api_as):
    client = api_as(handler)
    assert client.get("/complaints/CMP-0").status_code == 404
    token = ApiToken.objects.get(user=handler)
    token.revoked = True
    token.save()
    assert client.get("/complaints/CMP-0").status_code == 401


def test_a_token_of_a_deactivated_user_no_longer_works(handler, api_as):
    client = api_as(handler)
    handler.is_active = False
    handler.save()
    assert client.get("/complaints/CMP-0").status_code == 401


def test_use_of_a_token_is_recorded(handler, api_as):
    client = api_as(handler)
    client.get("/complaints/CMP-0")
    assert ApiToken.objects.get(user=handler).last_used_at is not None


def test_receiving_needs_the_complaint_handling_permission(top_manager, api_as, new_complaint):
    response = api_as(top_manager).post("/complaints", new_complaint())
    assert response.status_code == 403
    assert response.json()["error"] == "not_permitted"
    assert not Complaint.objects.exists()


def test_reading_needs_the_view_permission(make_user, api_as, make_complaint):
    complaint = make_complaint()
    response = api_as(make_user(role=None)).get(f"/complaints/{complaint.reference}")
    assert response.status_code == 403


def test_a_move_the_role_does_not_allow_gets_403(handler, other_handler, api_as, make_complaint):
    complaint = make_complaint()
    response = api_as(handler).post(
        f"/complaints/{complaint.reference}/actions/assign", {"assignee": other_handler.username}
    )
    assert response.status_code == 403
    assert "complaints manager" in response.json()["detail"]

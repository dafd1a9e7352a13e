"""Search, saved views, CSV export and bulk actions from a queue."""

import csv
import io

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.models import EventKind
from upheld.desk.queues.export import neutralise
from upheld.desk.queues.models import SavedView

pytestmark = pytest.mark.django_db


def found(client, user, q):
    client.force_login(user)
    response = client.get("/desk/queues/all/", {"q": q})
    assert response.status_code == 200
    return {row.reference for row in response.context["rows"]}


@pytest.mark.parametrize(
    "words", ["overdraft", "OVERDRAF", "Grace", "grace@example", "hopper", "statement march"]
)
def test_search_finds_words_of_the_complaint_the_complainant_and_the_correspondence(
    client, teams, receive, handler, words
):
    hit = receive(
        "Credit card",
        description="Charged an overdraft fee twice.",
        complainant={"name": "Grace Hopper", "email": "grace@example.org"},
    )
    lifecycle.add_correspondence(hit, by=handler, body="Here is my statement for March.")
    receive("Credit card", description="Something else entirely.")
    assert found(client, handler, words) == {hit.reference}


def test_search_finds_a_reference(client, teams, receive, handler):
    hit = receive("Credit card")
    receive("Credit card")
    assert found(client, handler, hit.reference) == {hit.reference}


def test_search_never_finds_another_teams_complaint(client, teams, receive, handler):
    receive("Personal loan", description="An overdraft on my loan account.")
    assert found(client, handler, "overdraft") == set()


def test_search_reads_a_bounded_number_of_matches_of_each_kind(
    client, teams, receive, handler, monkeypatch
):
    from upheld.complaints import search

    made = [receive("Credit card", description=f"Overdraft fee number {i}.") for i in range(4)]
    assert found(client, handler, "overdraft") == {c.reference for c in made}
    monkeypatch.setattr(search, "MATCHES", 2)
    bounded = found(client, handler, "overdraft")
    # PostgreSQL: the first two its index gives; SQLite: the newest two.
    assert len(bounded) == 2 and bounded <= {c.reference for c in made}


def test_search_takes_any_characters_without_failing(client, teams, receive, handler):
    c = receive("Credit card")
    for text in ["a:b & c | !d (", "NEAR(", "x" * 200, "o'brien", 'say "hi']:
        assert found(client, handler, text) == set()
    for nothing_to_search in ['"', "'", "*", "\\", "():"]:  # the queue, unfiltered
        assert found(client, handler, nothing_to_search) == {c.reference}


def test_search_forgets_what_was_erased(
    client, teams, receive, handler, senior_manager, django_capture_on_commit_callbacks
):
    c = receive("Credit card", complainant={"name": "Zebedee Quux", "email": "zq@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.anonymise(c, by=senior_manager, reason="The retention period ended.")
    assert found(client, handler, "zebedee") == set()


def test_a_saved_view_keeps_the_valid_filters_under_its_name(client, teams, handler):
    client.force_login(handler)
    response = client.post(
        "/desk/views/",
        {"name": "Cards by phone", "queue": "team", "query": "channel=phone&status=lost"},
    )
    assert (
        response.status_code == 302 and response["Location"] == "/desk/queues/team/?channel=phone"
    )
    view = SavedView.objects.get(owner=handler)
    assert (view.name, view.queue, view.query) == ("Cards by phone", "team", "channel=phone")
    home = client.get("/desk/")
    assert b"Cards by phone" in home.content


def test_a_saved_view_needs_a_name(client, teams, handler):
    client.force_login(handler)
    assert client.post("/desk/views/", {"name": "", "queue": "team"}).status_code == 400


@pytest.mark.parametrize(
    "value,written",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
    ],
)
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(value, written):
    assert neutralise(value) == written


def test_the_export_is_the_queue_with_its_filters(client, teams, receive, handler):
    ok = receive("Credit card", complainant={"name": "=cmd|' /C calc'!A0", "email": "a@b.org"})
    receive("Personal loan")
    client.force_login(handler)
    response = client.get("/desk/queues/all/export.csv", {"channel": "web"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Reference" and len(rows) == 2
    assert rows[1][0] == ok.reference and rows[1][3].startswith("'=")


def bulk(client, user, **data):
    client.force_login(user)
    token = client.get("/desk/queues/all/").context["form_token"]
    return client.post("/desk/bulk/", {"form_token": token, **data})


def test_bulk_assign_moves_each_complaint_and_says_which_were_refused(
    client, teams, receive, senior_manager, handler
):
    a, b = receive("Credit card"), receive("Credit card")
    lifecycle.withdraw(b, by=senior_manager, reason="Sorted.")
    response = bulk(
        client,
        senior_manager,
        action="assign",
        assignee="handler",
        reference=[a.reference, b.reference, "CMP-1999-000001"],
    )
    results = {r["reference"]: r for r in response.context["results"]}
    assert results[a.reference]["done"]
    assert not results[b.reference]["done"] and "Allowed now" in results[b.reference]["why"]
    assert not results["CMP-1999-000001"]["done"]
    a.refresh_from_db()
    assert a.assignee == handler and a.events.order_by("-seq").first().kind == EventKind.ASSIGNED


def test_bulk_route_priority_and_merge_go_through_the_lifecycle(
    client, teams, receive, senior_manager
):
    _cards, loans = teams
    a, b, target = receive("Credit card"), receive("Credit card"), receive("Credit card")
    bulk(client, senior_manager, action="route", team=str(loans.pk), reference=[a.reference])
    bulk(
        client,
        senior_manager,
        action="prioritise",
        priority="2",
        reason="Regulator asked.",
        reference=[a.reference],
    )
    response = bulk(
        client, senior_manager, action="merge", into=target.reference, reference=[b.reference]
    )
    assert response.context["done"] == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.team, a.priority) == (loans, 2)
    assert b.merged_into == target
    kinds = list(a.events.order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.ROUTED, EventKind.PRIORITISED]


def test_a_bulk_form_is_applied_once(client, teams, receive, senior_manager):
    a = receive("Credit card")
    client.force_login(senior_manager)
    token = client.get("/desk/queues/all/").context["form_token"]
    data = {
        "form_token": token,
        "action": "prioritise",
        "priority": "1",
        "reason": "Now.",
        "reference": [a.reference],
    }
    assert client.post("/desk/bulk/", data).status_code == 200
    assert client.post("/desk/bulk/", data).status_code == 400
    assert a.events.filter(kind=EventKind.PRIORITISED).count() == 1


def test_bulk_input_errors_are_named(client, teams, receive, senior_manager):
    a = receive("Credit card")
    response = bulk(
        client, senior_manager, action="assign", assignee="nobody", reference=[a.reference]
    )
    assert response.status_code == 400 and "username" in response.context["refused"]

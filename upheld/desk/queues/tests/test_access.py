"""Every desk URL of the queues × each role of ISO 10002 5.3 × anonymous × another team's
complaint: nobody reaches what their role does not give them, and nothing is listed (on a
page or in an export) that its viewer cannot open."""

import pytest

from upheld.complaints.selectors import complaint_detail
from upheld.complaints.visibility import visible_complaints
from upheld.desk.queues.definitions import QUEUES

pytestmark = pytest.mark.django_db

ROLES = ("handler", "other_handler", "manager", "senior_manager", "top_manager", "auditor")
READ = [f"/desk/queues/{q}/" for q in QUEUES] + [f"/desk/queues/{q}/export.csv" for q in QUEUES]


@pytest.fixture
def people(handler, other_handler, manager, senior_manager, top_manager, auditor, make_user):
    found = dict(
        zip(
            ROLES,
            (handler, other_handler, manager, senior_manager, top_manager, auditor),
            strict=True,
        )
    )
    found["no_role"] = make_user(None, "newcomer")
    return found


@pytest.fixture
def both(cards_complaint, loans_complaint):
    return cards_complaint, loans_complaint


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize("url", ["/desk/", "/desk/workload/", *READ])
def test_anonymous_visitors_are_sent_to_sign_in(client, both, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/desk/views/", "/desk/bulk/", "/desk/views/1/delete/"])
def test_anonymous_posts_are_sent_to_sign_in(client, both, url):
    response = client.post(url, {})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", ["/desk/", "/desk/workload/", *READ, "/desk/bulk/"])
def test_an_account_without_a_role_is_told_why_not(client, people, both, url):
    client.force_login(people["no_role"])
    response = client.post(url) if url == "/desk/bulk/" else client.get(url)
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", READ)
def test_every_role_lists_only_what_it_may_open(client, people, both, role, url):
    user = people[role]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    text = body(response)
    may_read = set(visible_complaints(user).values_list("reference", flat=True))
    for complaint in both:
        if complaint.reference in text:
            assert complaint.reference in may_read, f"{role} sees {complaint.reference}"
            complaint_detail(user, complaint.reference)  # and it opens
    cards, loans = both
    if role == "handler":
        assert loans.reference not in text
    if role == "other_handler":
        assert cards.reference not in text


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_opens_for_every_role(client, people, both, role):
    client.force_login(people[role])
    assert client.get("/desk/").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_workload_and_bulk_actions_are_for_managers(client, people, both, role):
    client.force_login(people[role])
    allowed = role in ("manager", "senior_manager")
    assert client.get("/desk/workload/").status_code == (200 if allowed else 403)
    response = client.post("/desk/bulk/", {"action": "assign", "reference": [both[1].reference]})
    assert response.status_code == (400 if allowed else 403)  # 400: no form token


def test_a_manager_cannot_move_another_teams_complaint_in_bulk(client, people, both):
    manager = people["manager"]  # manages Cards only
    client.force_login(manager)
    token = client.get("/desk/queues/team/").context["form_token"]
    response = client.post(
        "/desk/bulk/",
        {
            "form_token": token,
            "action": "prioritise",
            "priority": "1",
            "reason": "Urgent.",
            "reference": [both[1].reference],
        },
    )
    assert response.status_code == 200
    [result] = response.context["results"]
    assert not result["done"] and "no such complaint" in result["why"]
    both[1].refresh_from_db()
    assert both[1].priority is None


def test_workload_shows_only_the_managers_teams(client, people, both):
    client.force_login(people["manager"])
    rows = client.get("/desk/workload/").context["rows"]
    assert sum(r["open"] for r in rows) == 1


def test_someone_elses_saved_view_cannot_be_deleted(client, people, both):
    from upheld.desk.queues.models import SavedView

    view = SavedView.objects.create(owner=people["handler"], name="Mine", queue="mine")
    client.force_login(people["other_handler"])
    assert client.post(f"/desk/views/{view.pk}/delete/").status_code == 404
    assert SavedView.objects.filter(pk=view.pk).exists()

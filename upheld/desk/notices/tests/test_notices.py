"""Notices to staff (issue 9 point 7; ISO 10002 5.3, 7.3, 4.4): a handler is told when a
complaint is assigned to them, when its complainant writes, and when a time limit is at
risk or breached — on their desk, by e-mail, or both, as each chooses, and once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.lifecycle.alerts import run_due_points
from upheld.core import lookups
from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule
from upheld.notify import notices
from upheld.notify.models import Message, Notice, Way

pytestmark = pytest.mark.django_db


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def told(user, kind: str) -> tuple[int, int]:
    """(notices on the desk, e-mails) of `kind` for `user`."""
    return (
        Notice.objects.filter(recipient=user, kind=kind).count(),
        Message.objects.filter(recipient_user=user, kind=kind).count(),
    )


@pytest.fixture
def handler_with_email(handler):
    handler.email = "handler@bank.example"
    handler.save()
    return handler


def test_a_handler_is_told_of_a_complaint_assigned_to_them_on_the_desk_and_by_email(
    teams, receive, handler_with_email, senior_manager
):
    c = receive()
    lifecycle.assign(c, by=senior_manager, assignee=handler_with_email, note="Urgent one.")
    assert told(handler_with_email, "assigned") == (1, 1)
    notice = Notice.objects.get(recipient=handler_with_email)
    assert notice.complaint == c and notice.read_at is None
    assert notices.headline(notice) == f"Assigned to you: complaint {c.reference}"


def test_whoever_takes_a_complaint_themselves_is_not_told_of_it(teams, receive, senior_manager):
    lifecycle.assign(receive(), by=senior_manager, assignee=senior_manager)
    assert told(senior_manager, "assigned") == (0, 0)


@pytest.mark.parametrize(
    "way,expected", [(Way.DESK, (1, 0)), (Way.EMAIL, (0, 1)), (Way.BOTH, (1, 1))]
)
def test_each_person_is_told_the_way_they_chose(
    teams, receive, handler_with_email, senior_manager, way, expected
):
    notices.choose(handler_with_email, way)
    lifecycle.assign(receive(), by=senior_manager, assignee=handler_with_email)
    assert told(handler_with_email, "assigned") == expected


def test_someone_without_an_address_is_told_on_the_desk_whatever_they_chose(
    teams, receive, handler, senior_manager
):
    notices.choose(handler, Way.EMAIL)
    lifecycle.assign(receive(), by=senior_manager, assignee=handler)
    assert told(handler, "assigned") == (1, 0)


def test_when_the_complainant_writes_whoever_works_it_is_told_once(
    teams, receive, handler_with_email, senior_manager, manager
):
    c = receive()
    lifecycle.assign(c, by=senior_manager, assignee=handler_with_email)
    lifecycle.add_correspondence(
        c, by=SYSTEM, direction="in", channel="email", sender=c.complainant.email, body="More."
    )
    assert told(handler_with_email, "complainant_wrote") == (1, 1)
    assert told(manager, "complainant_wrote") == (0, 0)
    # The trail says who was told, once each.
    event = c.events.get(kind="correspondence_in")
    assert event.data["told"] == [handler_with_email.pk]


def test_nobody_working_it_the_complaints_managers_are_told(
    teams, receive, manager, senior_manager
):
    c = receive()
    lifecycle.add_correspondence(
        c, by=SYSTEM, direction="in", channel="email", sender=c.complainant.email, body="More."
    )
    assert told(manager, "complainant_wrote") == (1, 0)
    assert told(senior_manager, "complainant_wrote") == (1, 0)


@pytest.fixture
def final_response_only(db):
    """Only the final response's clock (56 days; reminder 7 days before) runs."""
    seed.ensure()
    ClockRule.objects.filter(profile__applies_at_receipt=True).exclude(
        key="final_response"
    ).delete()


def test_a_time_limit_at_risk_tells_whoever_works_it(
    teams, receive, final_response_only, handler_with_email, senior_manager, manager
):
    c = receive(received_at=ago(50), by=SYSTEM)
    lifecycle.assign(c, by=senior_manager, assignee=handler_with_email)
    assert run_due_points() == 1
    assert told(handler_with_email, "time_limit_reminder") == (1, 1)
    assert told(manager, "time_limit_reminder") == (0, 0)


def test_a_breached_time_limit_tells_whoever_works_it_and_the_managers_once_each(
    teams, receive, final_response_only, handler_with_email, senior_manager, manager
):
    c = receive(received_at=ago(60), by=SYSTEM)
    lifecycle.assign(c, by=senior_manager, assignee=handler_with_email)
    assert run_due_points() == 1
    assert run_due_points() == 0  # acted on once
    for person, expected in (
        (handler_with_email, (1, 1)),
        (manager, (1, 0)),
        (senior_manager, (1, 0)),
    ):
        assert told(person, "time_limit_escalation") == expected, person


# ---------------------------------------------------------------- the desk's list


def statements(client, django_assert_num_queries, url, count):
    lookups.reset()
    client.get(url)
    with django_assert_num_queries(count):
        return client.get(url)


def test_the_desk_home_shows_how_many_notices_are_unread(
    client, teams, receive, handler, senior_manager
):
    for _ in range(3):
        lifecycle.assign(receive(), by=senior_manager, assignee=handler)
    client.force_login(handler)
    response = client.get("/desk/")
    assert response.context["unread"] == 3
    assert b"3 unread notices" in response.content


def test_the_list_is_newest_first_and_each_or_all_can_be_marked_read(
    client, teams, receive, handler, senior_manager, django_assert_num_queries
):
    made = [receive() for _ in range(3)]
    for c in made:
        lifecycle.assign(c, by=senior_manager, assignee=handler)
    client.force_login(handler)
    # session, user, generation, the notices with their complaints, the person's choice
    response = statements(client, django_assert_num_queries, "/desk/notices/", 5)
    headlines = [n.headline for n in response.context["notices"]]
    assert headlines == [f"Assigned to you: complaint {c.reference}" for c in reversed(made)]
    assert f'href="/desk/complaints/{made[0].reference}/"' in response.content.decode()
    first = Notice.objects.filter(recipient=handler).order_by("pk").first()
    assert client.post(f"/desk/notices/{first.pk}/read/").status_code == 302
    assert Notice.objects.filter(recipient=handler, read_at__isnull=True).count() == 2
    client.post("/desk/notices/read/")
    assert not Notice.objects.filter(recipient=handler, read_at__isnull=True).exists()
    assert client.get("/desk/").context["unread"] == 0


def test_a_deep_page_of_notices_costs_the_same(
    client, teams, receive, handler, django_assert_num_queries
):
    c = receive()
    Notice.objects.bulk_create(
        Notice(recipient=handler, kind="assigned", complaint=c, created_at=timezone.now())
        for _ in range(60)
    )
    client.force_login(handler)
    first = statements(client, django_assert_num_queries, "/desk/notices/", 5)
    more = first.context["more"]
    assert len(first.context["notices"]) == 50 and more
    deep = statements(client, django_assert_num_queries, f"/desk/notices/?before={more}", 5)
    assert len(deep.context["notices"]) == 10 and deep.context["more"] is None


def test_nobody_reads_or_marks_anothers_notices(
    client, teams, receive, handler, other_handler, senior_manager
):
    lifecycle.assign(receive(), by=senior_manager, assignee=handler)
    notice = Notice.objects.get(recipient=handler)
    client.force_login(other_handler)
    assert client.get("/desk/notices/").context["notices"] == []
    assert client.post(f"/desk/notices/{notice.pk}/read/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_of_a_complaint_no_longer_readable_is_not_listed(
    client, teams, receive, handler, senior_manager
):
    cards, loans = teams
    c = receive()
    lifecycle.assign(c, by=senior_manager, assignee=handler)
    lifecycle.route(c, by=senior_manager, team=loans)
    lifecycle.assign(c, by=senior_manager, assignee=senior_manager)
    client.force_login(handler)
    assert client.get("/desk/notices/").context["notices"] == []
    assert client.get("/desk/").context["unread"] == 0


def test_the_choice_is_kept_and_a_bad_one_is_named_on_its_field(client, teams, handler):
    client.force_login(handler)
    assert client.get("/desk/notices/").context["form"].initial["way"] == Way.BOTH
    assert client.post("/desk/notices/choice/", {"way": "desk"}).status_code == 302
    assert notices.way_of(handler) == Way.DESK
    response = client.post("/desk/notices/choice/", {"way": "pigeon"})
    assert response.status_code == 400
    assert "way" in response.context["form"].errors
    assert notices.way_of(handler) == Way.DESK


def test_the_notices_page_is_for_staff_only(client, teams, make_user):
    assert client.get("/desk/notices/").status_code == 302  # to sign in
    client.force_login(make_user(None, "nobody"))
    assert client.get("/desk/notices/").status_code == 403


def test_erasing_a_complaints_personal_data_erases_what_its_notices_quote(
    client, teams, receive, handler, senior_manager
):
    c = receive()
    lifecycle.assign(c, by=senior_manager, assignee=handler)
    lifecycle.withdraw(c, by=COMPLAINANT, reason="I found another bank, Ada Lovelace.")
    notice = Notice.objects.get(kind="complaint_withdrawn")
    assert notice.context["reason"].endswith("Ada Lovelace.") and notice.recipient == handler
    lifecycle.anonymise(c, by=senior_manager, reason="The retention period ended.")
    notice.refresh_from_db()
    assert notice.context == {}

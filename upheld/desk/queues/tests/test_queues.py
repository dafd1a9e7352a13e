"""The queues (issue 9 point 3; ISO 10002 7.3): each shows what it says, soonest due first,
filtered as asked, a page at a time for the same few statements whatever the volume."""

from datetime import timedelta

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.models import Category
from upheld.complaints.tests.helpers import Cast
from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule

pytestmark = pytest.mark.django_db


def ago(days: float):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def cast(handler, senior_manager, manager, category):
    # The head of complaints (in no team) moves complaints along; handler works in Cards.
    return Cast(handler=handler, manager=senior_manager, reviewer=manager, category=category)


@pytest.fixture
def desk(teams, cast, receive, handler, senior_manager):
    """Cards complaints in each situation a queue is about, and one of Loans. Only the
    final response's clock (56 days) runs, so what is due when is plain (the other clocks
    of the profile are the deadlines tests' subject)."""
    seed.ensure()
    ClockRule.objects.filter(profile__applies_at_receipt=True).exclude(
        key="final_response"
    ).delete()
    made = {
        "breached": receive("Credit card", received_at=ago(60), by=SYSTEM),
        "due_soon": receive("Credit card", received_at=ago(54), by=SYSTEM),
        "later": receive("Credit card"),
        "awaiting": cast.bring_to("awaiting_complainant", product="Credit card"),
        "escalated": cast.bring_to("escalated", product="Credit card"),
        "closed": cast.bring_to("closed", product="Credit card"),
        "loans": receive("Personal loan", received_at=ago(60), by=SYSTEM),
    }
    lifecycle.assign(made["breached"], by=senior_manager, assignee=handler)
    return made


def listed(client, user, queue, **params):
    client.force_login(user)
    response = client.get(f"/desk/queues/{queue}/", params)
    assert response.status_code == 200, response.content[:500]
    return [row.reference for row in response.context["rows"]]


def refs(desk, *names):
    return [desk[n].reference for n in names]


def test_mine_lists_what_is_assigned_to_me(client, desk, handler):
    # The internal review went to its reviewer; the closed one is no longer work.
    assert listed(client, handler, "mine") == refs(desk, "breached", "awaiting")


def test_my_teams_lists_the_open_complaints_of_my_teams_soonest_due_first(client, desk, handler):
    expected = refs(desk, "breached", "due_soon", "awaiting", "escalated", "later")
    assert sorted(listed(client, handler, "team")) == sorted(expected)
    rows = listed(client, handler, "team")
    assert rows[:2] == refs(desk, "breached", "due_soon")


def test_unassigned_lists_open_complaints_nobody_has(client, desk, handler):
    assert listed(client, handler, "unassigned") == refs(desk, "due_soon", "later")


def test_due_soon_lists_the_time_limits_at_risk_by_their_regimes_lead_time(client, desk, handler):
    # ISO's final response is due in 56 days and at risk from its reminder, 7 days before.
    assert listed(client, handler, "due_soon") == refs(desk, "due_soon")


def test_the_desk_and_the_api_agree_on_what_is_breached_and_at_risk(client, desk, handler):
    from upheld.complaints import selectors

    now = timezone.now()
    for queue, breached in (("breached", True), ("due_soon", False)):
        api = selectors.clocks_due(handler, now=now, breached=breached)
        assert listed(client, handler, queue) == [k.complaint.reference for k in api]


def test_a_clock_queue_names_the_time_limit_and_says_it_is_late(client, desk, handler):
    client.force_login(handler)
    response = client.get("/desk/queues/breached/")
    (row,) = response.context["rows"]
    assert row.clock.key == "final_response" and row.late
    assert b"Final response: " in response.content and b"(late)" in response.content


def test_a_paused_clock_is_not_at_risk_and_one_of_another_queue_is_refused_as_a_cursor(
    client, desk, handler
):
    # Waiting for the complainant pauses the final response: not at risk meanwhile.
    assert desk["awaiting"].reference not in listed(client, handler, "due_soon")
    client.force_login(handler)
    response = client.get("/desk/queues/breached/", {"after": "u~~~0"})
    assert response.context["cursor_error"]
    assert [r.reference for r in response.context["rows"]] == refs(desk, "breached")


def test_breached_is_past_its_due_time_and_never_another_teams(client, desk, handler):
    assert listed(client, handler, "breached") == refs(desk, "breached")


def test_awaiting_escalated_and_recently_closed(client, desk, handler):
    assert listed(client, handler, "awaiting") == refs(desk, "awaiting")
    assert listed(client, handler, "escalated") == refs(desk, "escalated")
    assert listed(client, handler, "recently_closed") == refs(desk, "closed")


def test_the_head_of_complaints_sees_every_teams_breached_complaints(client, desk, senior_manager):
    assert sorted(listed(client, senior_manager, "breached")) == sorted(
        refs(desk, "breached", "loans")
    )


def test_a_complaint_without_a_running_clock_comes_last(client, desk, handler):
    # Closed complaints keep no clock (next due empty) until the clocks say otherwise.
    rows = listed(client, handler, "all")
    assert rows[0] == desk["breached"].reference


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"status": "awaiting_complainant"}, ["awaiting"]),
        ({"status": "escalated"}, ["escalated"]),
        ({"assignee": "handler", "status": "received"}, ["breached"]),
        ({"channel": "web", "status": "received"}, ["breached", "due_soon", "later"]),
        ({"product": "CREDIT", "status": "received"}, ["breached", "due_soon", "later"]),
        ({"product": "mortgage"}, []),
        ({"regime": "fca"}, []),
        ({"priority": "none", "status": "received"}, ["breached", "due_soon", "later"]),
        ({"priority": "1"}, []),
    ],
)
def test_filters(client, desk, handler, params, expected):
    assert sorted(listed(client, handler, "all", **params)) == sorted(refs(desk, *expected))


def test_filter_by_category_includes_the_categories_below_it(client, desk, handler, category):
    assert listed(client, handler, "all", category=category.pk) == refs(desk, "closed")


def test_filter_by_received_between(client, desk, handler):
    day = timezone.localdate()
    within = {"received_from": day - timedelta(days=61), "received_to": day - timedelta(days=59)}
    assert listed(client, handler, "all", **within) == refs(desk, "breached")


def test_a_bad_filter_is_named_on_its_field_and_the_others_still_apply(client, desk, handler):
    client.force_login(handler)
    response = client.get(
        "/desk/queues/all/",
        {"status": "lost", "received_from": "2026-02-30", "priority": "9", "assignee": "handler"},
    )
    assert response.status_code == 200
    assert set(response.context["filters"].errors) == {"status", "received_from", "priority"}
    rows = [r.reference for r in response.context["rows"]]
    assert rows == refs(desk, "breached", "awaiting", "closed")


def test_filter_by_priority(client, desk, handler):
    priority = desk["awaiting"].priority
    assert priority is not None
    expected = refs(desk, "awaiting", "escalated", "closed")
    assert sorted(listed(client, handler, "all", priority=priority)) == sorted(expected)


def test_a_broken_page_link_shows_the_first_page_and_says_so(client, desk, handler):
    client.force_login(handler)
    response = client.get("/desk/queues/all/", {"after": "d~not-a-date~~1"})
    assert response.status_code == 200 and response.context["cursor_error"]


def test_an_unknown_queue_is_not_found(client, handler, teams):
    client.force_login(handler)
    assert client.get("/desk/queues/everything/").status_code == 404


def test_a_category_added_while_the_desk_runs_is_offered_named_and_filtered_at_once(
    client, desk, handler, category, senior_manager
):
    """The categories are kept per process (complaints/categories.py): a new one, or a
    complaint classified under it, shows at the next page without a restart."""
    listed(client, handler, "all")  # the categories are now kept
    fees = Category.objects.create(name="Fees", parent=category)
    lifecycle.classify(desk["escalated"], by=senior_manager, category=fees)
    client.force_login(handler)
    response = client.get("/desk/queues/all/", {"category": category.pk})
    assert f'<option value="{fees.pk}">Billing › Fees</option>'.encode() in response.content
    rows = {row.reference: row.category_name for row in response.context["rows"]}
    assert rows == {
        desk["closed"].reference: "Billing",
        desk["escalated"].reference: "Billing › Fees",
    }
    assert listed(client, handler, "all", category=fees.pk) == refs(desk, "escalated")


def test_a_category_that_is_not_one_is_named_on_its_field(client, desk, handler):
    client.force_login(handler)
    response = client.get("/desk/queues/all/", {"category": "99999"})
    assert response.context["filters"].errors["category"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert len(response.context["rows"]) == len(desk) - 1  # the Loans one is not the handler's

"""Investigation tasks (ISO 10002 7.7): a piece of the investigation is given to a handler
who may read the complaint and is not involved in it, due on a working day of the
complaint's own calendar; it is recorded done with what was found. Both land in the trail
and the owner is told."""

import pytest
import time_machine

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import EventKind, RoutingRule, TaskState
from upheld.deadlines.models import Calendar
from upheld.notify.models import Notice
from upheld.organisation.teams import Membership, Team

from .conftest import at

pytestmark = pytest.mark.django_db

FRIDAY_NOON = at(2026, 11, 27, 12)  # Monday 30 November is St Andrew's Day in Scotland only


@pytest.fixture
def investigating(clockwork):
    c = clockwork.receive(FRIDAY_NOON)
    c = clockwork.make(FRIDAY_NOON, "assess", c)
    c = clockwork.make(FRIDAY_NOON, "assign", c, assignee=clockwork.cast.handler)
    return clockwork.make(FRIDAY_NOON, "investigate", c, by=clockwork.cast.handler)


def give(clockwork, c, **kwargs):
    arguments = {"title": "Ask the card scheme for its records.", "due_in": None, **kwargs}
    arguments.setdefault("due_on", None)
    arguments.setdefault("owner", clockwork.cast.handler)
    return clockwork.make(FRIDAY_NOON, "add_task", c, **arguments)


def test_a_task_given_is_due_in_working_days_and_lands_in_the_trail(clockwork, investigating):
    c = give(clockwork, investigating, due_in=3)
    (task,) = c.tasks.all()
    # Three working days after Friday 27 November in England: 30 Nov, 1 and 2 December.
    assert str(task.due_on) == "2026-12-02" and task.state == TaskState.OPEN
    event = c.events.order_by("seq").last()
    assert event.kind == EventKind.TASK_ADDED
    assert event.data["owner"] == "handler" and event.data["due_on"] == "2026-12-02"
    # The handler is told (it was the manager who gave it).
    assert Notice.objects.filter(recipient=clockwork.cast.handler, kind="task_given").exists()


def test_a_task_counts_on_the_calendar_of_the_complaints_clock(clockwork, cast):
    team = Team.objects.create(name="Edinburgh")
    for person, role in ((cast.manager, "manager"), (cast.handler, "member")):
        Membership.objects.create(team=team, person=person, role=role)
    Calendar.objects.create(name="Scotland", team=team, country="GB", subdivision="SCT")
    RoutingRule.objects.create(position=1, team=team, product_contains="mortgage")
    c = clockwork.receive(FRIDAY_NOON, product="Mortgage")
    c = clockwork.make(FRIDAY_NOON, "assess", c)
    c = clockwork.make(FRIDAY_NOON, "assign", c, assignee=cast.handler)
    c = clockwork.make(FRIDAY_NOON, "investigate", c, by=cast.handler)
    c = give(clockwork, c, due_in=3)
    # Scotland keeps St Andrew's Day (Monday 30th): 1, 2 and 3 December.
    assert str(c.tasks.get().due_on) == "2026-12-03"


def test_a_date_that_is_not_a_working_day_is_refused_naming_the_next(clockwork, investigating):
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, due_on=at(2026, 11, 28).date())  # a Saturday
    assert "2026-11-30" in refused.value.errors["due_on"][0]
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, due_on=at(2026, 12, 25).date())
    assert "Christmas Day" in refused.value.errors["due_on"][0]
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, due_on=at(2026, 11, 26).date())
    assert "from today on" in refused.value.errors["due_on"][0]
    assert not investigating.tasks.exists()
    c = give(clockwork, investigating, due_on=at(2026, 12, 4).date())
    assert str(c.tasks.get().due_on) == "2026-12-04"


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"due_in": 3, "due_on": at(2026, 12, 4).date()}, "due_in"),
        ({}, "due_in"),
        ({"due_in": 0}, "due_in"),
        ({"due_in": 3, "title": "  "}, "title"),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_changes(
    clockwork, investigating, kwargs, field
):
    length = investigating.trail_length
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, **kwargs)
    assert field in refused.value.errors
    investigating.refresh_from_db()
    assert investigating.trail_length == length and not investigating.tasks.exists()


def test_a_task_goes_only_to_a_handler_who_may_read_it_and_is_not_involved(
    clockwork, investigating, make_user, cast
):
    outsider = make_user(None, "outsider")
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, owner=outsider, due_in=3)
    assert "no complaint-handling role" in refused.value.errors["owner"][0]
    involved = make_user(username="involved")
    investigating.involved_users.add(involved)
    with pytest.raises(InvalidInput) as refused:
        give(clockwork, investigating, owner=involved, due_in=3)
    assert "involved" in refused.value.errors["owner"][0]


def test_a_task_is_recorded_done_once_with_what_was_found(clockwork, investigating, cast):
    c = give(clockwork, investigating, due_in=3)
    task = c.tasks.get()
    with time_machine.travel(at(2026, 12, 3, 9), tick=False):
        c = lifecycle.complete_task(
            c, by=cast.handler, task=task.pk, outcome="Two charges in the scheme's records."
        )
        task.refresh_from_db()
        assert task.state == TaskState.DONE and task.outcome.startswith("Two charges")
        event = c.events.order_by("seq").last()
        assert event.kind == EventKind.TASK_DONE and event.data["late"] is True
        with pytest.raises(InvalidInput) as refused:
            lifecycle.complete_task(c, by=cast.handler, task=task.pk, outcome="Again.")
        assert refused.value.errors["task"][0] == "That task is already done."
        with pytest.raises(InvalidInput) as refused:
            lifecycle.complete_task(c, by=cast.handler, task=999999, outcome="Done.")
        assert "has no task 999999" in refused.value.errors["task"][0]

"""What the clocks make Upheld do, each exactly once (ISO 10002 4.4, 5.3.1, 7.3; DISP
1.6.1R(2); capability 15, 17, 19): a reminder to the handler before a limit, escalation to
the managers at breach, progress updates to the complainant, notice to top management of
a significant complaint — each a trail event with its messages."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connections

from upheld.complaints.lifecycle.alerts import run_due_points
from upheld.complaints.roles import HANDLER, TOP_MANAGEMENT
from upheld.deadlines.models import ClockAlert
from upheld.notify.models import Message

from .conftest import at, clocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user, clockwork):
    cast = clockwork.cast
    for user, address in ((cast.handler, "handler@bank.test"), (cast.manager, "cm@bank.test")):
        user.email = address
        user.save()
    return {
        "handler": cast.handler,
        "manager": cast.manager,
        "board": make_user(TOP_MANAGEMENT, "board", email="board@bank.test"),
        "other": make_user(HANDLER, "other", email="other@bank.test"),
    }


def sent(kind: str) -> list[str]:
    return sorted(Message.objects.filter(kind=kind).values_list("to", flat=True))


def kinds(c) -> list[str]:
    return list(c.events.order_by("seq").values_list("kind", flat=True))


def test_the_handler_is_reminded_before_the_limit_and_only_once(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 11, 30, 11), "acknowledge", c)
    c = clockwork.make(at(2026, 11, 30, 11), "assign", c)
    # The assessment is due 7 Dec 17:00; its reminder one business day before.
    assess = clocks(c)["assess"]
    assert assess.at_risk_at == at(2026, 12, 4, 17)
    with time_machine.travel(at(2026, 12, 4, 16, 59), tick=False):
        assert run_due_points() == 0, "not before its instant"
    with time_machine.travel(at(2026, 12, 4, 17, 0), tick=False):
        assert run_due_points() == 1
        assert run_due_points() == 0, "a second pass sends nothing again"
    assert sent("time_limit_reminder") == ["handler@bank.test"]
    assert kinds(c)[-1] == "reminder_sent"
    event = c.events.get(kind="reminder_sent")
    assert (event.data["clock"], event.data["told"], event.public) == (
        "assess",
        [staff["handler"].pk],
        False,
    )


def test_at_breach_the_assignee_and_the_complaints_managers_are_told(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 11, 30, 11), "acknowledge", c)
    c = clockwork.make(at(2026, 11, 30, 11), "assign", c)
    with time_machine.travel(at(2026, 12, 7, 17, 1), tick=False):
        run_due_points()
    assert sent("time_limit_escalation") == ["cm@bank.test", "handler@bank.test"]
    assert "time_limit_escalated" in kinds(c)
    # Its reminder (4 Dec 17:00) had passed too: the escalation overtook it, one message each.
    assert ClockAlert.objects.filter(clock__key="assess").count() == 1


def test_after_an_outage_only_the_latest_point_passed_is_acted_on(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 11, 30, 11), "acknowledge", c)
    with time_machine.travel(at(2026, 12, 20, 9), tick=False):  # the workers were down
        run_due_points()
    assert sent("time_limit_reminder") == [], "the reminder was overtaken by the breach"
    assert sent("time_limit_escalation") == ["cm@bank.test"], "nobody is assigned"


def test_the_complainant_is_kept_informed_at_each_pre_set_point(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    for day in (14, 28, 42):
        with time_machine.travel(at(2026, 11, 30, 12) + timedelta(days=day), tick=False):
            run_due_points()
    assert sent("progress_update") == ["ada@example.org"] * 3
    updates = c.events.filter(kind="progress_update_sent")
    assert updates.count() == 3 and all(e.public for e in updates)


def test_a_significant_complaint_is_notified_to_top_management_at_once(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 11, 30, 11), "assess", c, safety_implication=True)
    assert sent("significant_complaint") == ["board@bank.test", "cm@bank.test"]
    assert kinds(c)[-1] == "top_management_notified"
    clockwork.make(at(2026, 12, 1, 11), "assess", c, safety_implication=True, severity=4)
    assert len(sent("significant_complaint")) == 2, "told once, not at each reassessment"


def test_a_point_of_a_paused_or_stopped_clock_is_not_acted_on(clockwork, staff):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 11, 30, 11), "acknowledge", c)
    c = clockwork.make(at(2026, 11, 30, 11), "assess", c)
    with time_machine.travel(at(2026, 12, 20, 9), tick=False):
        run_due_points()
    assert sent("time_limit_escalation") == [], "the assessment was made in time"


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_reminder_twice(clockwork, staff):
    complaints = [clockwork.receive(at(2026, 11, 30, 10)) for _ in range(6)]
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            with time_machine.travel(at(2026, 12, 1, 10, 30), tick=False):
                barrier.wait(timeout=30)
                run_due_points()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    # Each complaint's acknowledgement (8 working hours) was breached at 1 Dec 10:00.
    assert sent("time_limit_escalation") == ["cm@bank.test"] * 6
    for c in complaints:
        assert kinds(c).count("time_limit_escalated") == 1


def test_a_point_already_acted_on_is_passed_and_never_holds_up_the_points_behind_it(
    clockwork, staff
):
    """A clock whose due point was acted on already (its alert is recorded, but its next
    point was put back, as a restore from backup or an edit can leave it) is moved past
    it, and the pass goes on to the other points due: it never spins on it."""
    stuck = clockwork.receive(at(2026, 11, 30, 10))
    behind = [clockwork.receive(at(2026, 11, 30, 10)) for _ in range(3)]
    with time_machine.travel(at(2026, 12, 1, 10, 30), tick=False):
        assert run_due_points() == 4  # each acknowledgement breached at 1 Dec 10:00
    ack = clocks(stuck)["acknowledge"]
    ack.next_point, ack.next_point_at = ack.next_point - 1, at(2026, 12, 1, 10)
    ack.save(update_fields=["next_point", "next_point_at"])
    others = [clocks(c)["acknowledge"] for c in behind]
    for clock in others:  # their points come later than the stuck one
        clock.next_point, clock.next_point_at = clock.next_point - 1, at(2026, 12, 1, 10, 5)
        clock.save(update_fields=["next_point", "next_point_at"])
        ClockAlert.objects.filter(clock=clock).delete()
    with time_machine.travel(at(2026, 12, 1, 10, 30), tick=False):
        assert run_due_points(batch=1, budget=5) == 4, "the stuck point passed, then 3"
        assert run_due_points(batch=1, budget=5) == 0
    ack.refresh_from_db()
    assert ack.next_point_at is None or ack.next_point_at > at(2026, 12, 1, 10, 30)
    assert ClockAlert.objects.filter(clock=ack).count() == 1, "not acted on twice"
    assert sent("time_limit_escalation") == ["cm@bank.test"] * 7

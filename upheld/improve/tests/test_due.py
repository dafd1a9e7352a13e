"""ISO 10002 8.7, 4.4: an open action's owner is reminded before its due day and, once it
has passed, the owner and the complaints managers are told it is overdue — through the
notices and the outbox, once, however many times the periodic job runs."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from upheld.improve.actions import complete, raise_action
from upheld.improve.actions import due as due_job
from upheld.improve.actions.common import organisation_calendar
from upheld.improve.models import ActionAlert
from upheld.notify.models import Message
from upheld.notify.notice_models import Notice

MONDAY = datetime(2026, 6, 1, 8, tzinfo=UTC)


@pytest.fixture
def action(manager, handler):
    handler.email = "handler@example.org"
    handler.save()
    with time_machine.travel(MONDAY, tick=False):
        cal = organisation_calendar()
        due = cal.business_days_after(cal.local_date(MONDAY), 10)  # Monday 15 June
        return raise_action(by=manager, what="Daily refund batch", kind="corrective",
                            owner=handler, due=due, origin="audit_finding")  # fmt: skip


def _run(when):
    with time_machine.travel(when, tick=False):
        return due_job.run()


def test_nothing_is_said_while_the_due_day_is_far(action):
    assert _run(MONDAY) == 0
    assert not Notice.objects.exists()


def test_the_owner_is_reminded_five_business_days_before_once(action, handler):
    when = datetime(2026, 6, 8, 8, tzinfo=UTC)  # five business days before 15 June
    assert _run(when) == 1
    assert _run(when) == 0  # the job again: nobody told twice
    assert _run(when + timedelta(days=1)) == 0
    (notice,) = Notice.objects.all()
    assert (notice.recipient, notice.kind) == (handler, "improve_action_due")
    assert Message.objects.filter(kind="improve_action_due", to="handler@example.org").count() == 1


def test_an_overdue_action_is_escalated_to_the_managers_once(
    action, handler, manager, senior_manager
):
    when = datetime(2026, 6, 16, 8, tzinfo=UTC)  # the day after the due day
    assert _run(when) == 1  # escalated; the reminder it missed is not sent as well
    assert _run(when + timedelta(hours=1)) == 0
    told = set(
        Notice.objects.filter(kind="improve_action_overdue").values_list("recipient", flat=True)
    )
    assert told == {handler.pk, manager.pk, senior_manager.pk}
    assert list(ActionAlert.objects.values_list("point", flat=True)) == ["escalate"]


def test_a_done_action_is_not_chased(action, handler):
    with time_machine.travel(datetime(2026, 6, 5, 8, tzinfo=UTC), tick=False):
        complete(action, by=handler, note="Done early.")
    assert _run(datetime(2026, 6, 16, 8, tzinfo=UTC)) == 0

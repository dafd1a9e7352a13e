"""The improvement loop end to end (ISO 10002 8.7, 8.2; capability rows 45 and 46), by time
travel: a recurring problem the monitoring flags → a root cause analysis → a corrective
action → done → after the period the effectiveness check shows the rate of complaints with
the cause before and after, and records its verdict; the action is then closed."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from upheld.complaints import lifecycle
from upheld.complaints.tests.helpers import RECEIPT
from upheld.improve.actions import close, complete, raise_action
from upheld.improve.actions import due as due_job
from upheld.improve.actions.common import organisation_calendar
from upheld.improve.actions.effectiveness import run_check
from upheld.improve.actions.root_causes import conclude, open_from_problem, record_analysis
from upheld.improve.models import ActionState, EffectivenessCheck, Verdict
from upheld.insight import summaries
from upheld.insight.trends import problems
from upheld.notify.notice_models import Notice
from upheld.taxonomy.models import Term


def receive(when, cause, handler, category):
    with time_machine.travel(when, tick=False):
        c = lifecycle.receive(**RECEIPT)
        return lifecycle.classify(c, by=handler, category=category, cause=cause.pk)


@pytest.fixture
def quarter_before(handler, category, cause):
    """January to March 2026: two complaints a week of poor communication, and in March
    eight of delay — a recurring problem."""
    other = Term.objects.get(taxonomy__dimension="cause", code="communication")
    for week in range(12):
        for i in range(2):
            receive(datetime(2026, 1, 5, 10 + i, tzinfo=UTC) + timedelta(weeks=week), other,
                    handler, category)  # fmt: skip
    for day in range(8):
        receive(datetime(2026, 3, 2, 11, tzinfo=UTC) + timedelta(days=day * 3), cause, handler,
                category)  # fmt: skip
    summaries.run_all()
    return other


def test_the_loop_from_a_flagged_problem_to_a_verified_effect(
    quarter_before, manager, handler, category, cause
):
    april = datetime(2026, 4, 1, 9, tzinfo=UTC)
    with time_machine.travel(april, tick=False):
        flagged = [
            p for p in problems(datetime(2026, 3, 1, tzinfo=UTC), april) if p.key == cause.pk
        ]
        assert [p.kind for p in flagged] == ["recurring"]
        rc = open_from_problem(by=manager, problem=flagged[0], start=date(2026, 3, 1),
                               end=date(2026, 3, 31), owner=manager)  # fmt: skip
        assert rc.complaints.count() == 8
        record_analysis(rc, by=manager, method="five_whys", cause=cause.pk, affects_others=False,
                        notes="Why late? Refunds wait for the weekly batch.")  # fmt: skip
        conclude(rc, by=manager)
        cal = organisation_calendar()
        action = raise_action(by=manager, what="Run the refund batch daily", kind="corrective",
                              owner=handler, due=cal.business_days_after(date(2026, 4, 1), 5),
                              origin="root_cause", root_cause=rc)  # fmt: skip
    with time_machine.travel(datetime(2026, 4, 6, 12, tzinfo=UTC), tick=False):
        complete(action, by=handler, note="The batch runs every day at 16:00 since 6 April.")
    check = EffectivenessCheck.objects.get(action=action)
    assert check.due_on == date(2026, 7, 5)

    # The quarter after: communication as before, delay once.
    for week in range(13):
        for i in range(2):
            receive(datetime(2026, 4, 6, 10 + i, tzinfo=UTC) + timedelta(weeks=week),
                    quarter_before, handler, category)  # fmt: skip
    receive(datetime(2026, 5, 20, 10, tzinfo=UTC), cause, handler, category)
    summaries.run_all()

    with time_machine.travel(datetime(2026, 7, 1, 9, tzinfo=UTC), tick=False):
        assert due_job.run() == 0  # not due yet
    with time_machine.travel(datetime(2026, 7, 6, 9, tzinfo=UTC), tick=False):
        assert due_job.run() == 1
        assert due_job.run() == 0  # run twice: checked and told once
    check.refresh_from_db()
    assert (check.before_from, check.before_until) == (date(2026, 1, 1), date(2026, 4, 1))
    assert (check.after_from, check.after_until) == (date(2026, 4, 6), date(2026, 7, 5))
    assert (check.before_count, check.before_total) == (8, 32)
    assert (check.after_count, check.after_total) == (1, 27)
    assert check.before_rate == 0.25 and round(check.after_rate, 4) == 0.037
    assert check.p_value < 0.05
    assert check.verdict == Verdict.EFFECTIVE
    action.refresh_from_db()
    assert action.state == ActionState.VERIFIED
    assert Notice.objects.filter(kind="improve_effect_checked", recipient=handler).count() == 1
    close(action, by=manager)  # verified: no reason needed
    action.refresh_from_db()
    assert action.state == ActionState.CLOSED


def test_a_cause_that_keeps_coming_is_not_effective(
    quarter_before, manager, handler, category, cause
):
    with time_machine.travel(datetime(2026, 4, 1, 9, tzinfo=UTC), tick=False):
        cal = organisation_calendar()
        action = raise_action(by=manager, what="Remind staff", kind="corrective", owner=handler,
                              due=cal.business_days_after(date(2026, 4, 1), 5),
                              origin="audit_finding")  # fmt: skip
        action.cause = cause
        action.save(update_fields=["cause"])
        complete(action, by=handler, note="Reminded.", check_after=30)
    for day in range(10):
        receive(datetime(2026, 4, 2, 10, tzinfo=UTC) + timedelta(days=day * 2), cause, handler,
                category)  # fmt: skip
    summaries.run_all()
    with time_machine.travel(datetime(2026, 5, 2, 9, tzinfo=UTC), tick=False):
        check = run_check(action, by=manager)
    assert check.verdict == Verdict.NOT_EFFECTIVE
    assert check.after_rate > check.before_rate
    action.refresh_from_db()
    assert action.state == ActionState.DONE  # a manager reopens it or records why it closes


def test_an_action_without_a_cause_is_not_measurable(manager, handler):
    with time_machine.travel(datetime(2026, 4, 1, 9, tzinfo=UTC), tick=False):
        cal = organisation_calendar()
        action = raise_action(by=manager, what="Update the leaflet", kind="preventive",
                              owner=handler, due=cal.business_days_after(date(2026, 4, 1), 5),
                              origin="review_decision")  # fmt: skip
        complete(action, by=handler, note="Printed.", check_after=10)
    with time_machine.travel(datetime(2026, 4, 12, 9, tzinfo=UTC), tick=False):
        assert run_check(action).verdict == Verdict.NOT_MEASURABLE

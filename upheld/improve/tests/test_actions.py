"""ISO 10002 8.7 corrective and preventive actions (capability row 46): raised with what,
kind, owner and a due business day, for a recorded origin; done; closed only once their
effect is verified or a manager records why not. `raise_action` is the contract
upheld.assurance relies on for audit findings and management-review decisions."""

import inspect
from datetime import timedelta

import pytest

from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.improve.actions import close, complete, raise_action, reopen
from upheld.improve.actions.common import NotNow, organisation_calendar, today
from upheld.improve.models import Action, ActionState, EffectivenessCheck, Origin, Step


def test_raise_actions_signature_is_the_contract_assurance_relies_on():
    params = inspect.signature(raise_action).parameters
    assert list(params)[:7] == ["by", "what", "kind", "owner", "due", "origin", "note"]
    for name in ("by", "what", "kind", "owner", "due", "origin", "note"):
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["note"].default == ""
    assert {"audit_finding", "review_decision"} <= set(Origin.values)


@pytest.mark.parametrize("origin", ["audit_finding", "review_decision"])
def test_an_action_is_raised_from_an_audit_finding_or_a_review_decision(
    origin, manager, handler, business_day
):
    due = business_day(10)
    a = raise_action(
        by=manager, what="Retrain the team on acknowledgements", kind="corrective",
        owner=handler, due=due, origin=origin, note="Finding 3",
    )  # fmt: skip
    a.refresh_from_db()
    assert (a.state, a.origin, a.owner, a.due, a.raised_by) == (
        "open",
        origin,
        handler,
        due,
        manager,
    )
    assert Step.objects.filter(subject="action", subject_id=a.pk, move="raised").exists()


def test_an_auditor_and_top_management_raise_from_their_own_records_only(
    auditor, top_manager, handler, business_day
):
    kw = dict(what="Fix", kind="preventive", owner=handler, due=business_day())
    assert raise_action(by=auditor, origin="audit_finding", **kw).pk
    assert raise_action(by=top_manager, origin="review_decision", **kw).pk
    with pytest.raises(NotPermitted):
        raise_action(by=auditor, origin="external_decision", **kw)
    with pytest.raises(NotPermitted):
        raise_action(by=handler, origin="audit_finding", **kw)


def test_bad_input_names_every_field_and_changes_nothing(manager, business_day):
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, what=" ", kind="curative", owner=None, due="soon",
                     origin="audit_finding")  # fmt: skip
    assert set(e.value.errors) == {"what", "kind", "owner", "due"}
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, what="x", kind="corrective", owner=manager,
                     due=business_day(), origin="whim")  # fmt: skip
    assert set(e.value.errors) == {"origin"}
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, what="x", kind="corrective", owner=manager,
                     due=business_day(), origin="root_cause")  # fmt: skip
    assert set(e.value.errors) == {"root_cause"}
    assert not Action.objects.exists()


def test_the_due_date_is_a_business_day_of_the_organisations_calendar(manager):
    cal = organisation_calendar()
    day = today() + timedelta(days=1)
    while cal.is_business_day(day):
        day += timedelta(days=1)
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, what="x", kind="corrective", owner=manager, due=day,
                     origin="audit_finding")  # fmt: skip
    assert "not a business day" in str(e.value)
    assert cal.next_business_day(day).isoformat() in str(e.value)
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, what="x", kind="corrective", owner=manager,
                     due=today() - timedelta(days=3), origin="audit_finding")  # fmt: skip
    assert set(e.value.errors) == {"due"}


@pytest.fixture
def action(manager, handler, business_day):
    return raise_action(by=manager, what="Send refunds the same day", kind="corrective",
                        owner=handler, due=business_day(5), origin="audit_finding")  # fmt: skip


def test_done_schedules_the_effectiveness_check_90_days_later(action, handler):
    complete(action, by=handler, note="The refund batch now runs at 16:00.")
    action.refresh_from_db()
    check = EffectivenessCheck.objects.get(action=action)
    assert action.state == ActionState.DONE
    assert (check.period_days, check.due_on) == (90, today() + timedelta(days=90))
    assert check.checked_at is None


def test_the_period_of_the_check_is_configurable(action, handler, settings):
    settings.UPHELD_EFFECT_CHECK_DAYS = 30
    complete(action, by=handler, note="Done.")
    assert EffectivenessCheck.objects.get(action=action).period_days == 30


def test_only_the_owner_or_a_manager_reports_it_done(action, other_handler, manager):
    with pytest.raises(NotPermitted):
        complete(action, by=other_handler, note="Done.")
    with pytest.raises(InvalidInput) as e:
        complete(action, by=manager, note="")
    assert set(e.value.errors) == {"done_note"}
    complete(action, by=manager, note="Done.")
    with pytest.raises(NotNow):
        complete(action, by=manager, note="Again.")


def test_an_action_is_closed_only_when_verified_or_a_manager_records_why_not(
    action, manager, handler
):
    with pytest.raises(NotNow):
        close(action, by=manager)  # open
    complete(action, by=handler, note="Done.")
    with pytest.raises(InvalidInput) as e:
        close(action, by=manager)
    assert set(e.value.errors) == {"unverified_reason"}
    assert Action.objects.get(pk=action.pk).state == ActionState.DONE
    with pytest.raises(NotPermitted):
        close(action, by=handler, unverified_reason="I say so.")
    close(action, by=manager, unverified_reason="The product was withdrawn; nothing to measure.")
    action.refresh_from_db()
    assert action.state == ActionState.CLOSED
    assert action.unverified_reason.startswith("The product")
    assert action.closed_by == manager


def test_a_manager_reopens_a_done_action(action, manager, handler):
    complete(action, by=handler, note="Done.")
    reopen(action, by=manager, why="The refunds still run late.")
    action.refresh_from_db()
    assert action.state == ActionState.OPEN
    assert not EffectivenessCheck.objects.filter(action=action).exists()

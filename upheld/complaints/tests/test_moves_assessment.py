"""ISO 10002 7.4 acknowledgement, 7.5 initial assessment, 5.3 assignment and 7.6
investigation: each move's effect, and each refusal that applies to it."""

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.errors import ConflictOfInterest, IllegalMove, InvalidInput
from upheld.complaints.events import data_of
from upheld.complaints.models import Priority, Status

from .helpers import ASSESSMENT, last_event

pytestmark = pytest.mark.django_db
S = Status


# ---------------------------------------------------------------- 7.4 acknowledge


def test_acknowledging_tells_the_complainant_and_records_when(complaint_in):
    c = complaint_in(S.RECEIVED)
    before = timezone.now()
    c = lifecycle.acknowledge(c, by=SYSTEM, method="email", note="message <1@x>")
    c.refresh_from_db()
    assert c.status == S.ACKNOWLEDGED
    assert before <= c.acknowledged_at <= timezone.now()
    event = last_event(c)
    assert (event.kind, event.public, event.actor_label) == ("acknowledged", True, "Upheld")
    assert data_of(event) == {
        "method": "email",
        "note": "message <1@x>",
        "from": "received",
        "to": "acknowledged",
    }


def test_a_complaint_is_acknowledged_once_only(complaint_in, handler):
    c = complaint_in(S.ACKNOWLEDGED)
    with pytest.raises(IllegalMove) as refused:
        lifecycle.acknowledge(c, by=handler, method="phone")
    assert "already acknowledged" in str(refused.value)
    assert "acknowledge" not in refused.value.allowed
    assert c.events.filter(kind="acknowledged").count() == 1


def test_a_late_acknowledgement_keeps_the_complaint_where_it_is(complaint_in, handler):
    c = complaint_in(S.RECEIVED)
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.acknowledge(c, by=handler, method="phone", note="Called back.")
    assert c.status == S.ASSESSED and c.acknowledged_at is not None


# ---------------------------------------------------------------- 7.5 assess


def test_assessment_records_the_criteria_and_the_priority_that_follows(complaint_in, handler):
    c = complaint_in(S.ACKNOWLEDGED)
    c = lifecycle.assess(
        c,
        by=handler,
        severity=3,
        safety_implication=False,
        complexity=3,
        impact=3,
        immediate_action_needed=False,
        note="Large sum.",
    )
    c.refresh_from_db()
    assert c.status == S.ASSESSED and c.assessed_at is not None
    assert (c.severity, c.complexity, c.impact) == (3, 3, 3)
    assert c.safety_implication is False and c.immediate_action_needed is False
    assert c.priority == Priority.HIGH
    event = last_event(c)
    assert (event.kind, event.public, event.actor) == ("assessed", False, handler)
    assert data_of(event)["priority"] == Priority.HIGH and data_of(event)["note"] == "Large sum."


@pytest.mark.parametrize("urgent_because", ["safety_implication", "immediate_action_needed"])
def test_a_safety_issue_or_a_need_for_immediate_action_makes_it_urgent(
    complaint_in, handler, urgent_because
):
    c = complaint_in(S.RECEIVED)
    c = lifecycle.assess(c, by=handler, **{**ASSESSMENT, urgent_because: True})
    assert c.priority == Priority.URGENT


def test_reassessing_during_investigation_keeps_the_first_assessment_time(complaint_in, handler):
    c = complaint_in(S.INVESTIGATING)
    first = c.assessed_at
    c = lifecycle.assess(c, by=handler, **{**ASSESSMENT, "severity": 4})
    assert c.status == S.INVESTIGATING and c.assessed_at == first
    assert c.priority == Priority.URGENT
    # Now of the highest severity, it is significant: top management is told (5.3.1).
    kinds = list(c.events.order_by("seq").values_list("kind", flat=True))
    assert kinds[-2:] == ["reassessed", "top_management_notified"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("severity", 0),
        ("severity", 5),
        ("severity", "2"),
        ("severity", None),
        ("complexity", 4),
        ("impact", 0),
        ("impact", 1.5),
    ],
)
def test_assessment_needs_each_criterion_on_its_scale(complaint_in, handler, field, value):
    c = complaint_in(S.ACKNOWLEDGED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.assess(c, by=handler, **{**ASSESSMENT, field: value})
    assert list(refused.value.errors) == [field]
    c.refresh_from_db()
    assert c.status == S.ACKNOWLEDGED and c.assessed_at is None and c.trail_length == 2


# ---------------------------------------------------------------- 5.3 assign


def test_the_manager_assigns_a_handler(complaint_in, manager, handler, other_handler):
    c = complaint_in(S.ASSESSED)
    c = lifecycle.assign(c, by=manager, assignee=handler)
    c = lifecycle.assign(c, by=manager, assignee=other_handler, note="Handler on leave.")
    c.refresh_from_db()
    assert c.assignee == other_handler and c.status == S.ASSESSED
    event = last_event(c)
    assert (event.kind, event.public, event.actor) == ("assigned", False, manager)
    assert data_of(event) == {
        "assignee": "other_handler",
        "previous": "handler",
        "note": "Handler on leave.",
    }


def test_assignment_needs_a_person_with_a_handling_role(
    complaint_in, manager, make_user, top_manager
):
    c = complaint_in(S.ASSESSED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.assign(c, by=manager, assignee=None)
    assert list(refused.value.errors) == ["assignee"]
    for not_a_handler in (top_manager, make_user(None), make_user("Handler", is_active=False)):
        with pytest.raises(InvalidInput) as refused:
            lifecycle.assign(c, by=manager, assignee=not_a_handler)
        assert "no complaint-handling role" in refused.value.errors["assignee"][0]
    c.refresh_from_db()
    assert c.assignee is None


def test_a_person_involved_in_the_complaint_cannot_be_assigned_to_it(cast, manager, other_handler):
    c = cast.receive(by=manager, involved_users=[other_handler])
    with pytest.raises(ConflictOfInterest) as refused:
        lifecycle.assign(c, by=manager, assignee=other_handler)
    assert "4.5" in str(refused.value)
    c.refresh_from_db()
    assert c.assignee is None and c.trail_length == 1


# ---------------------------------------------------------------- 7.6 investigate


def test_investigation_starts_with_the_assigned_handler(complaint_in, manager, handler):
    c = lifecycle.assign(complaint_in(S.ASSESSED), by=manager, assignee=handler)
    c = lifecycle.investigate(c, by=handler, plan="Check the payment logs.")
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING and c.investigation_started_at is not None
    event = last_event(c)
    assert (event.kind, event.public, event.actor) == ("investigation_started", False, handler)
    assert data_of(event) == {
        "assignee": "handler",
        "plan": "Check the payment logs.",
        "from": "assessed",
        "to": "investigating",
    }


def test_an_unassigned_complaint_goes_to_whoever_starts_investigating(complaint_in, handler):
    c = lifecycle.investigate(complaint_in(S.ASSESSED), by=handler)
    assert c.assignee == handler


def test_a_person_involved_in_the_complaint_cannot_investigate_it(cast, handler, other_handler):
    c = cast.receive(by=handler, involved_users=[handler])
    c = lifecycle.assess(c, by=other_handler, **ASSESSMENT)
    with pytest.raises(ConflictOfInterest):
        lifecycle.investigate(c, by=handler)
    c.refresh_from_db()
    assert c.status == S.ASSESSED and c.assignee is None and c.investigation_started_at is None


# ---------------------------------------------------------------- 7.6 await / resume


def test_asking_the_complainant_pauses_handling_and_they_are_told(complaint_in, handler):
    c = lifecycle.await_complainant(
        complaint_in(S.INVESTIGATING), by=handler, question="Which card did you pay with?"
    )
    c.refresh_from_db()
    assert c.status == S.AWAITING_COMPLAINANT and c.paused_from == S.INVESTIGATING
    event = last_event(c)
    assert (event.kind, event.public) == ("awaiting_complainant", True)
    assert data_of(event) == {
        "question": "Which card did you pay with?",
        "written": "email",  # the request for information went by e-mail
        "from": "investigating",
        "to": "awaiting_complainant",
    }


@pytest.mark.parametrize("question", ["", "   "])
def test_asking_the_complainant_needs_a_question(complaint_in, handler, question):
    c = complaint_in(S.INVESTIGATING)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.await_complainant(c, by=handler, question=question)
    assert list(refused.value.errors) == ["question"]
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING


@pytest.mark.parametrize("paused_in", [S.ASSESSED, S.INVESTIGATING, S.ESCALATED])
def test_handling_resumes_where_it_waited(complaint_in, cast, paused_in):
    c = complaint_in(paused_in)
    by = cast.reviewer if paused_in == S.ESCALATED else cast.handler
    c = lifecycle.await_complainant(c, by=by, question="Which card?")
    c = lifecycle.resume(c, by=by, note="They answered: the Visa card.")
    c.refresh_from_db()
    assert c.status == paused_in and c.paused_from == ""
    event = last_event(c)
    assert (event.kind, event.actor, data_of(event)) == (
        "resumed",
        by,
        {"note": "They answered: the Visa card.", "from": S.AWAITING_COMPLAINANT, "to": paused_in},
    )


def test_the_assessment_records_the_product_and_remedy_a_complaint_came_without(cast, handler):
    """ISO 10002 7.2 (capability 9): an e-mail is recorded as it came; the product and the
    remedy sought are added when it is assessed, or the assessment is refused."""
    c = cast.receive(channel="email", product="", remedy_sought="")
    lifecycle.acknowledge(c, by=SYSTEM)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.assess(c, by=handler, **ASSESSMENT)
    assert set(refused.value.errors) == {"product", "remedy_sought"}
    assert "not stated" in refused.value.errors["remedy_sought"][0]
    c.refresh_from_db()
    assert (c.status, c.severity) == (S.ACKNOWLEDGED, None)

    c = lifecycle.assess(
        c, by=handler, **ASSESSMENT, product="Credit card", remedy_sought="not stated"
    )
    c.refresh_from_db()
    assert (c.status, c.product, c.remedy_sought) == (S.ASSESSED, "Credit card", "not stated")
    event = last_event(c)
    assert (data_of(event)["product"], data_of(event)["remedy_sought"]) == (
        "Credit card",
        "not stated",
    )


def test_what_the_complainant_stated_is_not_overwritten_by_the_assessment(complaint_in, handler):
    c = complaint_in(S.ACKNOWLEDGED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.assess(c, by=handler, **ASSESSMENT, product="Something else")
    assert "already recorded" in refused.value.errors["product"][0]
    c.refresh_from_db()
    assert (c.product, c.status) == ("Current account", S.ACKNOWLEDGED)

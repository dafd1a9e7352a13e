"""Properties that hold for every input (hypothesis):

- ISO 10002 7.5: a more severe, more complex or wider-reaching complaint never gets a lower
  priority, and a safety issue is always urgent;
- ISO 10002 7, 4.9: whatever moves anyone attempts, in any order, a move is made only from a
  state that allows it, a refused move changes nothing, the complaint never reaches an
  inconsistent state, and its trail still verifies.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.complaints import lifecycle, verification
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.errors import IllegalMove, LifecycleError
from upheld.complaints.models import Complaint, Priority, RemedyState, Status
from upheld.complaints.permissions import SYSTEM_ONLY
from upheld.complaints.priority import compute_priority

S = Status
MOVES = [m for m in lifecycle.MOVES if m != "receive"]
# The usual next moves from each state, drawn half the time so that random walks get deep
# into clause 7 (decision, answer, review, closure, reopening) rather than stay near receipt.
ONWARD = {
    S.RECEIVED: ["acknowledge", "assess"],
    S.ACKNOWLEDGED: ["assess"],
    S.ASSESSED: ["investigate"],
    S.INVESTIGATING: ["decide", "await_complainant"],
    S.AWAITING_COMPLAINANT: ["resume"],
    S.DECIDED: ["communicate_decision"],
    S.DECISION_COMMUNICATED: ["accept", "reject"],
    S.ACCEPTED: ["carry_out_remedy", "classify", "close"],
    S.REJECTED: ["escalate", "refer_externally"],
    S.ESCALATED: ["decide"],
    S.REFERRED_EXTERNALLY: ["classify", "waive_remedy", "close"],
    S.CLOSED: ["reopen"],
    S.WITHDRAWN: ["reopen"],
    S.MERGED: ["add_correspondence"],
}

severity, scale = st.integers(1, 4), st.integers(1, 3)


def rank(priority: Priority) -> int:
    """How pressing: the lower the stored priority, the sooner it is dealt with."""
    return -priority


@given(
    a=severity,
    b=severity,
    complexity=scale,
    impact=scale,
    safety=st.booleans(),
    immediate=st.booleans(),
)
def test_priority_never_falls_as_severity_rises(a, b, complexity, impact, safety, immediate):
    low, high = sorted((a, b))
    assert rank(compute_priority(high, safety, complexity, impact, immediate)) >= rank(
        compute_priority(low, safety, complexity, impact, immediate)
    )


@given(sev=severity, a=scale, b=scale, other=scale, which=st.sampled_from(["complexity", "impact"]))
def test_priority_never_falls_as_complexity_or_impact_rises(sev, a, b, other, which):
    low, high = sorted((a, b))

    def priority(value):
        args = {"complexity": other, "impact": other, which: value}
        return compute_priority(sev, False, args["complexity"], args["impact"], False)

    assert rank(priority(high)) >= rank(priority(low))


@given(sev=severity, complexity=scale, impact=scale, immediate=st.booleans())
def test_a_safety_issue_is_always_urgent(sev, complexity, impact, immediate):
    assert compute_priority(sev, True, complexity, impact, immediate) == Priority.URGENT


def assert_consistent(c) -> None:
    """What every state implies about the record (the lifecycle's invariants)."""
    c.refresh_from_db()
    decision = lifecycle.current_decision(c)
    if c.status in (S.INVESTIGATING, S.ESCALATED, S.DECIDED):
        assert c.assignee_id is not None, c.status
    if c.status == S.INVESTIGATING:
        assert c.investigation_started_at is not None
    if c.status == S.ACKNOWLEDGED:
        assert c.acknowledged_at is not None
    if c.status == S.DECIDED:  # reasons given, unless erased with the personal data since
        erased = c.events.filter(kind="anonymised").exists()
        assert decision is not None and (decision.reasons.strip() or erased)
    if c.status in (S.DECISION_COMMUNICATED, S.ACCEPTED, S.REJECTED):
        assert decision is not None and decision.communicated_at is not None
    if c.status == S.ESCALATED:
        assert c.escalation_level >= 1
    if c.status == S.AWAITING_COMPLAINANT:
        assert c.paused_from in lifecycle.ALLOWED["await_complainant"]
    if c.status == S.CLOSED:
        assert c.category_id is not None and c.closed_at is not None and c.closure_reason
        if decision is not None:
            assert not decision.remedies.filter(state=RemedyState.PENDING).exists()
    if c.status == S.MERGED:
        assert c.merged_into_id is not None
    assert c.is_open == (c.closed_at is None)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_sequence_of_attempted_moves_keeps_the_complaint_consistent(
    cast, other_handler, top_manager, data
):
    people = {
        "handler": cast.handler,
        "other handler": other_handler,
        "manager": cast.manager,
        "reviewer": cast.reviewer,
        "top manager": top_manager,
        "complainant": COMPLAINANT,
        "Upheld": SYSTEM,
    }
    with transaction.atomic():  # each example starts from nothing and leaves nothing
        # Start anywhere in clause 7, reached by the usual path, then wander.
        c = cast.bring_to(data.draw(st.sampled_from(list(Status)), label="start"))
        for _ in range(data.draw(st.integers(1, 15), label="moves")):
            if c.status == S.MERGED:
                break  # only correspondence is filed from here on
            allowed = lifecycle.allowed_moves(c)
            ahead = st.sampled_from([m for m in ONWARD[c.status] if m in allowed] or allowed)
            move = data.draw(
                st.one_of(ahead, ahead, st.sampled_from(allowed), st.sampled_from(MOVES)),
                label="move",
            )
            who = data.draw(
                st.one_of(st.just("manager"), st.just("manager"), st.sampled_from(sorted(people))),
                label="by",
            )
            before = (c.status, c.trail_length)
            try:
                c = cast.make(move, c, by=people[who])
            except (LifecycleError, Complaint.DoesNotExist) as refused:
                # Not there, to whoever may not read it (routed to a team they are not in).
                if type(refused) is IllegalMove:
                    assert move not in allowed, f"{move} is allowed from {before[0]}"
                c.refresh_from_db()
                assert (c.status, c.trail_length) == before, f"refused {move} changed it"
            else:
                assert move in allowed or move in SYSTEM_ONLY, f"{move} was made from {before[0]}"
                if move == "act_on_clock":  # the helper names no clock: nothing is due, so
                    # the pass does nothing and records nothing (alerts.run_due_points)
                    assert (c.status, c.trail_length) == before
                else:
                    assert c.trail_length > before[1]
                assert_consistent(c)
        assert verification.verify_complaint(c, list(c.events.order_by("seq"))) is None
        transaction.set_rollback(True)

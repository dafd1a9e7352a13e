"""ISO 10002 5.3 roles and 4.5 objectivity, enforced by the lifecycle itself: who may make
which move. A refused move changes nothing."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, PUBLIC, SYSTEM
from upheld.complaints.errors import ConflictOfInterest, NotPermitted
from upheld.complaints.models import Complaint, Status
from upheld.complaints.permissions import BY_COMPLAINANT, BY_SYSTEM, MANAGER_ONLY

from .helpers import ASSESSMENT, REASONS, RECEIPT

pytestmark = pytest.mark.django_db
S = Status
MOVES = [m for m in lifecycle.MOVES if m != "receive"]

# A state from which each move is allowed, so a refusal can only be the actor's.
WHERE_ALLOWED = {
    "acknowledge": S.RECEIVED,
    "triage": S.RECEIVED,
    "assess": S.ACKNOWLEDGED,
    "assign": S.ASSESSED,
    "route": S.ASSESSED,
    "prioritise": S.ASSESSED,
    "investigate": S.ASSESSED,
    "await_complainant": S.INVESTIGATING,
    "resume": S.AWAITING_COMPLAINANT,
    "decide": S.INVESTIGATING,
    "communicate_decision": S.DECIDED,
    "accept": S.DECISION_COMMUNICATED,
    "reject": S.DECISION_COMMUNICATED,
    "escalate": S.REJECTED,
    "refer_externally": S.REJECTED,
    "carry_out_remedy": S.ACCEPTED,
    "waive_remedy": S.ACCEPTED,
    "classify": S.ASSESSED,
    "close": S.ACCEPTED,
    "reopen": S.CLOSED,
    "withdraw": S.INVESTIGATING,
    "merge": S.ACKNOWLEDGED,
    "add_correspondence": S.INVESTIGATING,
    "record_message_failure": S.INVESTIGATING,
    "record_letter": S.INVESTIGATING,
    "anonymise": S.INVESTIGATING,
    "choose_regime": S.ACKNOWLEDGED,
    "send_holding_response": S.INVESTIGATING,
    "evaluate_reportability": S.ASSESSED,
    "record_mdr_report": S.INVESTIGATING,
    "act_on_clock": S.INVESTIGATING,
    "issue_link": S.INVESTIGATING,
    "revoke_link": S.INVESTIGATING,
    "request_review": S.REJECTED,
    "choose_contact": S.INVESTIGATING,
    "add_task": S.INVESTIGATING,
    "complete_task": S.INVESTIGATING,
}


def test_every_move_has_a_state_it_is_allowed_from():
    assert set(WHERE_ALLOWED) == set(MOVES)
    assert all(WHERE_ALLOWED[m] in lifecycle.ALLOWED[m] for m in MOVES)


def ready_for(cast, move):
    """A complaint whose state allows `move`, with what its gate needs (a report needs a
    reportable evaluation)."""
    return cast.ready_for(move, cast.bring_to(WHERE_ALLOWED[move]))


def attempt(cast, move, by):
    """Make `move` as `by` on a complaint whose state allows it; return the complaint."""
    c = ready_for(cast, move)
    return c, cast.make(move, c, by=by)


def refused(cast, move, by, error=NotPermitted):
    c = ready_for(cast, move)
    status, length = c.status, c.trail_length
    with pytest.raises(error) as refusal:
        cast.make(move, c, by=by)
    c.refresh_from_db()
    assert (c.status, c.trail_length) == (status, length), "a refused move changed nothing"
    return refusal.value


# ---------------------------------------------------------------- read-only roles


@pytest.mark.parametrize("move", MOVES)
def test_top_management_and_auditors_make_no_move(cast, top_manager, auditor, move):
    for reader in (top_manager, auditor):
        error = refused(cast, move, reader)
        assert "no complaint-handling role" in str(error)


@pytest.mark.parametrize("role", ["Top management", "Auditor", None])
def test_people_without_a_handling_role_cannot_record_a_complaint(make_user, role):
    with pytest.raises(NotPermitted):
        lifecycle.receive(**RECEIPT, by=make_user(role))
    assert not Complaint.objects.exists()


def test_a_deactivated_handler_makes_no_move(cast, make_user):
    gone = make_user("Handler", is_active=False)
    refused(cast, "assess", gone)
    with pytest.raises(NotPermitted):
        lifecycle.receive(**RECEIPT, by=gone)


# ---------------------------------------------------------------- handlers and managers


@pytest.mark.parametrize("move", sorted(MANAGER_ONLY))
def test_handlers_cannot_make_the_complaints_managers_moves(cast, move):
    error = refused(cast, move, cast.handler)
    assert str(error) == f"Only a complaints manager can {move}."


@pytest.mark.parametrize("move", sorted(MANAGER_ONLY))
def test_the_complaints_manager_makes_them(cast, move):
    _, after = attempt(cast, move, cast.manager)
    assert after.events.order_by("-seq").first().actor == cast.manager


@pytest.mark.parametrize("move", ["decide", "communicate_decision"])
def test_a_handler_cannot_act_on_a_complaint_assigned_to_someone_else(cast, other_handler, move):
    error = refused(cast, move, other_handler)
    assert "assigned to handler" in str(error)


def test_a_handler_cannot_start_investigating_a_complaint_assigned_to_someone_else(
    cast, manager, handler, other_handler
):
    c = lifecycle.assign(cast.bring_to(S.ASSESSED), by=manager, assignee=handler)
    with pytest.raises(NotPermitted):
        lifecycle.investigate(c, by=other_handler)
    assert lifecycle.investigate(c, by=handler).status == S.INVESTIGATING


# ---------------------------------------------------------------- the complainant and the public


@pytest.mark.parametrize("move", MOVES)
def test_the_complainant_makes_only_their_own_moves(cast, move):
    if move in BY_COMPLAINANT:
        _, after = attempt(cast, move, COMPLAINANT)
        assert after.events.order_by("-seq").first().actor is None
    else:
        assert str(refused(cast, move, COMPLAINANT)) == f"Only staff can {move} a complaint."


@pytest.mark.parametrize("actor", [PUBLIC, None], ids=["public", "anonymous"])
@pytest.mark.parametrize("move", MOVES)
def test_the_public_cannot_answer_withdraw_or_write_to_a_complaint_by_its_reference(
    cast, actor, move
):
    """Knowing a reference is not being the complainant: only receipt is open to anyone."""
    refusal = str(refused(cast, move, actor))
    if move in BY_COMPLAINANT:
        assert refusal == (
            f"Only the complainant (with their tracking secret) or staff can {move} a complaint."
        )
    else:
        assert refusal == f"Only staff can {move} a complaint."


def test_the_public_may_make_a_complaint(cast):
    assert "receive" in BY_COMPLAINANT
    assert lifecycle.receive(**RECEIPT, by=None).received_by is None


@pytest.mark.parametrize("move", MOVES)
def test_upheld_itself_only_acknowledges_and_files_correspondence(cast, move):
    if move == "act_on_clock":
        return  # alerts: tested in upheld/deadlines/tests (it needs a clock with a point due)
    if move in BY_SYSTEM:
        _, after = attempt(cast, move, SYSTEM)
        assert after.events.order_by("-seq").first().actor_label == "Upheld"
    else:
        assert "a person must" in str(refused(cast, move, SYSTEM))


# ---------------------------------------------------------------- 4.5 conflict of interest


def involved(cast, person, state):
    """A complaint naming `person` as involved, brought to `state` by uninvolved staff."""
    c = cast.receive(by=cast.handler, involved_users=[person])
    c = lifecycle.assess(c, by=cast.handler, **ASSESSMENT)
    if state == S.ASSESSED:
        return c
    return lifecycle.investigate(c, by=cast.handler)


@pytest.mark.parametrize("what", ["be assigned", "assess", "investigate", "decide", "review"])
def test_a_person_involved_in_the_complaint_cannot_handle_it(cast, senior_manager, what):
    state = S.ASSESSED if what in ("be assigned", "assess", "investigate") else S.INVESTIGATING
    c = involved(cast, senior_manager, state)
    length = c.trail_length
    with pytest.raises(ConflictOfInterest) as refusal:
        if what == "be assigned":
            lifecycle.assign(c, by=cast.manager, assignee=senior_manager)
        elif what == "assess":
            lifecycle.assess(c, by=senior_manager, **ASSESSMENT)
        elif what == "investigate":
            lifecycle.investigate(c, by=senior_manager)
        elif what == "decide":
            lifecycle.decide(c, by=senior_manager, outcome="upheld", reasons=REASONS)
        else:
            lifecycle.escalate(c, by=cast.manager, reviewer=senior_manager, reason="Review")
    assert "senior_manager" in str(refusal.value) and "4.5" in str(refusal.value)
    c.refresh_from_db()
    assert c.trail_length == length and c.assignee_id in (None, cast.handler.pk)

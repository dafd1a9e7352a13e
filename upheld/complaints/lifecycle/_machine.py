"""The state table and the locking every move goes through."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Q

from upheld.deadlines.regimes import Regime

from .. import permissions, visibility
from ..actors import Actor, as_actor
from ..errors import IllegalMove, InvalidInput
from ..models import (
    ClosureReason,
    Complaint,
    Status,
)
from ..models.complaint import TERMINAL
from . import timing

S = Status
OPEN = frozenset(set(Status) - TERMINAL)

# From which states each move may be made. `allowed_moves` reads this table.
ALLOWED: dict[str, frozenset[str]] = {
    "acknowledge": OPEN,
    "triage": frozenset({S.RECEIVED, S.ACKNOWLEDGED}),
    "assess": frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.ASSESSED, S.INVESTIGATING}),
    "assign": OPEN,
    "route": OPEN,
    "prioritise": OPEN,
    "investigate": frozenset({S.ASSESSED}),
    "await_complainant": frozenset({S.ASSESSED, S.INVESTIGATING, S.ESCALATED}),
    "resume": frozenset({S.AWAITING_COMPLAINANT}),
    "decide": frozenset({S.INVESTIGATING, S.ESCALATED}),
    "communicate_decision": frozenset({S.DECIDED}),
    "accept": frozenset({S.DECISION_COMMUNICATED}),
    "reject": frozenset({S.DECISION_COMMUNICATED}),
    "escalate": frozenset({S.REJECTED, S.DECISION_COMMUNICATED, S.INVESTIGATING}),
    "refer_externally": frozenset({S.REJECTED, S.DECISION_COMMUNICATED, S.ESCALATED}),
    "carry_out_remedy": OPEN,
    "waive_remedy": OPEN,
    "classify": OPEN,
    "close": frozenset({S.ACCEPTED, S.DECISION_COMMUNICATED, S.REFERRED_EXTERNALLY}),
    "reopen": frozenset({S.CLOSED, S.WITHDRAWN}),
    "withdraw": OPEN,
    "merge": OPEN,
    # Correspondence is kept whatever the state: nothing the complainant sends is lost.
    "add_correspondence": frozenset(Status),
    # A message that failed for good is recorded whatever the state (handlers must see it).
    "record_message_failure": frozenset(Status),
    # A letter that left is recorded whatever the state (it was written before a closure).
    "record_letter": frozenset(Status),
    # The complainant's side (complainant.py): the private link, at any time (a closed
    # complaint's page still shows the answer and the survey); the review after a
    # rejection; how to write to them, while the complaint is handled.
    "issue_link": frozenset(Status),
    "revoke_link": frozenset(Status),
    "request_review": frozenset({S.REJECTED}),
    "choose_contact": OPEN,
    # Personal data may be erased whatever the state (4.7; a retention period, a request).
    "anonymise": frozenset(Status),
    # Time limits and regimes (deadlines; lifecycle/regimes.py, lifecycle/alerts.py).
    "choose_regime": OPEN,
    "send_holding_response": frozenset(
        {
            S.RECEIVED,
            S.ACKNOWLEDGED,
            S.ASSESSED,
            S.INVESTIGATING,
            S.AWAITING_COMPLAINANT,
            S.DECIDED,
            S.ESCALATED,
        }
    ),
    "evaluate_reportability": OPEN,
    "record_mdr_report": OPEN,
    # Investigation tasks (7.7, tasks.py): given while the complaint is investigated,
    # recorded done while it is open.
    "add_task": frozenset({S.ASSESSED, S.INVESTIGATING, S.AWAITING_COMPLAINANT, S.ESCALATED}),
    "complete_task": OPEN,
    # A clock's point (a reminder, an update, an escalation) is acted on in any state the
    # clock still runs in; the clock decides (alerts.py).
    "act_on_clock": frozenset(Status),
}
MOVES = ("receive", *ALLOWED)

# Moves of one regime only (capability 56): the FDA's reportability and reports, the FCA's
# holding response. Not offered, and refused, under another regime.
REGIME_ONLY: dict[str, frozenset[str]] = {
    "evaluate_reportability": frozenset({Regime.FDA}),
    "record_mdr_report": frozenset({Regime.FDA}),
    "send_holding_response": frozenset({Regime.FCA, Regime.FCA_PSD}),
}

R = ClosureReason
# The reasons `close` accepts, and the states each fits. The other closure reasons are set
# by their own moves (triage: not_a_complaint, withdraw, merge).
CLOSURE_REASONS: dict[str, frozenset[str]] = {
    R.ACCEPTED_RESOLVED: frozenset({S.ACCEPTED}),
    R.FINAL_RESPONSE_ISSUED: frozenset({S.DECISION_COMMUNICATED, S.ACCEPTED}),
    R.REFERRED_EXTERNALLY: frozenset({S.REFERRED_EXTERNALLY}),
    R.TIME_BARRED: frozenset({S.DECISION_COMMUNICATED, S.REFERRED_EXTERNALLY}),
}
DEFAULT_CLOSURE: dict[str, ClosureReason] = {
    S.ACCEPTED: R.ACCEPTED_RESOLVED,
    S.DECISION_COMMUNICATED: R.FINAL_RESPONSE_ISSUED,
    S.REFERRED_EXTERNALLY: R.REFERRED_EXTERNALLY,
}


def allowed_moves(complaint: Complaint) -> list[str]:
    """The moves a person may be offered on the complaint in its state now (gates and
    permissions aside; the moves only Upheld makes are never offered)."""
    moves = [
        m
        for m, states in ALLOWED.items()
        if complaint.status in states
        and m not in permissions.SYSTEM_ONLY
        and complaint.regime in REGIME_ONLY.get(m, (complaint.regime,))
    ]
    if complaint.acknowledged_at is not None and "acknowledge" in moves:
        moves.remove("acknowledge")
    return moves


def _seen_by(actor: Actor) -> Q:
    """A person acts only on a complaint they may read (visibility.py): one they may not is,
    to them, not there. The complainant (proven by the secret) and Upheld itself act on
    the complaint they were given; someone who may read none is refused by the
    permission check that follows."""
    if not actor.is_staff_user:
        return Q()
    where = visibility.rule(actor.user)
    return Q() if where is None else where


@contextmanager
def _locked(
    complaint: Complaint | str | int, move: str, by, also: str = ""
) -> Iterator[tuple[Complaint, Actor]]:
    actor = as_actor(by)
    with transaction.atomic():
        lookup: dict[str, str | int]
        if isinstance(complaint, str):
            lookup = {"reference": complaint}
        else:
            lookup = {"pk": complaint if isinstance(complaint, int) else complaint.pk}
        if also:
            # A move on two complaints locks both in one order (by pk), so two such moves
            # crossing each other (A into B, B into A) queue up instead of deadlocking.
            both = Complaint.objects.filter(Q(**lookup) | Q(reference=also)).order_by("pk")
            list(both.select_for_update().values_list("pk", flat=True))
        current = Complaint.objects.filter(_seen_by(actor)).select_for_update().get(**lookup)
        # The trail records the state before and after the move (events.append).
        setattr(current, "_status_before", current.status)  # noqa: B010
        permissions.require(actor, move, current)
        if current.status not in ALLOWED[move]:
            why = ""
            if move == "close" and current.status == S.REJECTED:
                why = (
                    "the complainant rejected the decision and that is not answered yet: "
                    "escalate it for internal review or refer it externally first"
                )
            raise IllegalMove(move, current.status, allowed_moves(current), why=why)
        if current.regime not in REGIME_ONLY.get(move, (current.regime,)):
            regimes = " or ".join(sorted(REGIME_ONLY[move]))
            why = f"the complaint is handled under {current.regime}, not {regimes}"
            raise IllegalMove(move, current.status, allowed_moves(current), why=why)
        yield current, actor
        # The clocks follow the move (timing.py; the rules say which move does what).
        timing.after_move(current, move)


def _require_text(**fields: str) -> None:
    missing = {k: "This is required." for k, v in fields.items() if not (v or "").strip()}
    if missing:
        raise InvalidInput(missing)

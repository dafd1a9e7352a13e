"""ISO 10002 7.9 closure, reopening, withdrawal and merging of duplicates."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events
from ..errors import GateNotMet, InvalidInput, NotPermitted, fmt
from ..models import (
    ClosureReason,
    Complaint,
    EventKind,
    RemedyState,
)
from ..roles import MANAGE
from ._machine import DEFAULT_CLOSURE, S, _locked, _require_text, _seen_by, allowed_moves
from .decision import current_decision
from .rules import closure_gate, closure_reason_error, unclassified_for_regime

# ---------------------------------------------------------------- 7.9 closure


def close(complaint, *, by, reason: str | None = None, note: str = "") -> Complaint:
    """ISO 10002 7.9: close the complaint once it is answered, classified and every
    accepted remedy is carried out or waived."""
    with _locked(complaint, "close", by) as (c, actor):
        reason = reason or DEFAULT_CLOSURE[S(c.status)]
        if problem := closure_reason_error(reason):
            raise InvalidInput({"reason": problem})
        reason = ClosureReason(reason)
        decision = current_decision(c)
        pending = list(decision.remedies.filter(state=RemedyState.PENDING)) if decision else []
        gate = closure_gate(
            c.status,
            reason,
            classified=c.category_id is not None,
            pending_remedies=[f"{r.pk} ({r.get_kind_display()})" for r in pending],
            unclassified=unclassified_for_regime(
                c.regime,
                fca_product=c.fca_product_id is not None,
                fca_cause=c.fca_cause_id is not None,
            ),
        )
        if gate is not None:
            raise GateNotMet("close", c.status, allowed_moves(c), why=gate[1])
        c.status, c.closure_reason, c.closed_at = S.CLOSED, reason, timezone.now()
        c.save(update_fields=["status", "closure_reason", "closed_at"])
        events.append(c, EventKind.CLOSED, actor, {"reason": reason, "note": note}, public=True)
    return c


def reopen(complaint, *, by, reason: str) -> Complaint:
    """Reopen a closed or withdrawn complaint; its received time and clocks are kept."""
    _require_text(reason=reason)
    with _locked(complaint, "reopen", by) as (c, actor):
        if c.assignee_id and c.investigation_started_at:
            c.status = S.INVESTIGATING
        elif c.assessed_at:
            c.status = S.ASSESSED
        else:
            c.status = S.ACKNOWLEDGED if c.acknowledged_at else S.RECEIVED
        c.reopened_count += 1
        if c.closure_reason == ClosureReason.NOT_A_COMPLAINT:
            c.triage = ""  # reopened because it may be a complaint after all: decide again
        c.closed_at, c.closure_reason, c.complainant_answer = None, "", ""
        c.save()
        events.append(c, EventKind.REOPENED, actor, {"reason": reason}, public=True)
    return c


def withdraw(complaint, *, by, reason: str = "", abusive: bool = False) -> Complaint:
    """The complainant withdraws the complaint (or staff record that they did); the handler
    is told when the complainant did it themselves. `abusive`: a complaints manager ends
    the handling because of the complainant's unacceptable behaviour (closure reason
    `withdrawn_abusive`; no satisfaction survey follows)."""
    from .complainant import tell_staff

    if abusive and not (reason or "").strip():
        raise InvalidInput({"reason": _("Say what behaviour ended the handling.")})
    with _locked(complaint, "withdraw", by) as (c, actor):
        if abusive and not actor.has_perm(MANAGE):
            raise NotPermitted(
                _("Only a complaints manager can end a complaint for unacceptable behaviour.")
            )
        c.status, c.closure_reason, c.closed_at = (
            S.WITHDRAWN,
            ClosureReason.WITHDRAWN_ABUSIVE if abusive else ClosureReason.WITHDRAWN,
            timezone.now(),
        )
        c.save(update_fields=["status", "closure_reason", "closed_at"])
        data: dict = {"reason": reason}
        if abusive:
            data["abusive"] = True
        if actor.kind == "complainant":
            data["told"] = [p.pk for p in tell_staff(c, "complaint_withdrawn", {"reason": reason})]
        events.append(c, EventKind.WITHDRAWN, actor, data, public=True)
    return c


def merge(complaint, *, by, into: Complaint | str, reason: str = "") -> Complaint:
    """A duplicate is merged into the complaint that carries on; both trails say so."""
    target_ref = into if isinstance(into, str) else into.reference
    with _locked(complaint, "merge", by, also=target_ref) as (c, actor):
        if target_ref == c.reference:
            raise InvalidInput({"into": _("A complaint cannot be merged into itself.")})
        # The complaint that carries on must be one the actor may read, as the duplicate is.
        visible = Complaint.objects.filter(_seen_by(actor))
        target = visible.select_for_update().filter(reference=target_ref).first()
        if target is None:
            raise InvalidInput(
                {"into": fmt(_("There is no complaint {target}."), target=target_ref)}
            )
        if not target.is_open:
            raise InvalidInput(
                {
                    "into": fmt(
                        _("{target} is {status}; merge into an open complaint."),
                        target=target_ref,
                        status=target.get_status_display(),
                    )
                }
            )
        c.status, c.merged_into, c.closed_at = S.MERGED, target, timezone.now()
        c.closure_reason = ClosureReason.MERGED
        c.save(update_fields=["status", "merged_into", "closed_at", "closure_reason"])
        events.append(
            c, EventKind.MERGED, actor, {"into": target.reference, "reason": reason}, public=True
        )
        events.append(
            target, EventKind.DUPLICATE_MERGED, actor, {"duplicate": c.reference, "reason": reason}
        )
    return c

"""ISO 10002 7.7 decision, 7.8 communication, 7.9 answer, review, referral, remedies."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.deadlines.regimes import Regime
from upheld.organisation.models import ExternalBody

from .. import correspondence, events, permissions
from ..errors import GateNotMet, InvalidInput, fmt
from ..models import (
    ComplainantAnswer,
    Complaint,
    Decision,
    EventKind,
    ExternalReferral,
    Remedy,
    RemedyState,
)
from ..roles import MANAGE
from ._machine import S, _locked, _require_text, allowed_moves
from .rules import clean_remedies, decision_errors
from .ways import write

FCA_REGIMES = (Regime.FCA, Regime.FCA_PSD)

# ---------------------------------------------------------------- 7.7 decision


def decide(
    complaint, *, by, outcome: str, reasons: str, remedies: list[dict] | None = None
) -> Complaint:
    """ISO 10002 7.7: decide the complaint — outcome, reasons, and remedies offered."""
    clean, remedy_errors = clean_remedies(remedies or [])
    errors = decision_errors(outcome, reasons)
    if errors:
        raise InvalidInput(errors)
    if remedy_errors:
        raise InvalidInput(remedy_errors)
    with _locked(complaint, "decide", by) as (c, actor):
        assert actor.user is not None  # only staff may decide (permissions.require)
        now = timezone.now()
        decision = Decision.objects.create(
            complaint=c,
            level=c.escalation_level,
            outcome=outcome,
            reasons=reasons.strip(),
            decided_by=actor.user,
            decided_at=now,
        )
        Remedy.objects.bulk_create(Remedy(decision=decision, **r) for r in clean)
        c.status, c.decided_at = S.DECIDED, now
        c.save(update_fields=["status", "decided_at"])
        events.append(
            c,
            EventKind.DECIDED,
            actor,
            {
                "decision_id": decision.pk,
                "level": decision.level,
                "outcome": outcome,
                "reasons": decision.reasons,
                "remedies": clean,
            },
        )
    return c


def current_decision(complaint: Complaint) -> Decision | None:
    return complaint.decisions.order_by("-decided_at", "-pk").first()


def communicate_decision(complaint, *, by, method: str = "email", message: str = "") -> Complaint:
    """ISO 10002 7.8: tell the complainant the decision, with its reasons and the ways
    to go further (internal review, external bodies). By e-mail or letter the decision
    letter (the final response; the review outcome after an internal review) is written
    from its template and checked first: one that lacks what the regime requires (the
    FCA's DISP 1.6.2R, Annex 3R; ISO 7.8's reasons and next steps) is refused, naming
    what is missing, and nothing changes. Under the FCA a final response is in writing."""
    with _locked(complaint, "communicate_decision", by) as (c, actor):
        decision = current_decision(c)
        if decision is None or not decision.reasons.strip():
            raise GateNotMet(
                "communicate_decision",
                c.status,
                allowed_moves(c),
                why=_("there is no decision with reasons to communicate"),
            )
        _require_way(c, method)
        if method in WRITTEN:
            kind = "review_outcome" if decision.level else "decision"
            context = {"decision_id": decision.pk, "message": message.strip()}
            correspondence.send(c, kind, way=method, context=context, by=actor.user)
        now = timezone.now()
        decision.communicated_at, decision.communicated_by = now, method
        decision.save(update_fields=["communicated_at", "communicated_by"])
        c.status, c.decision_communicated_at = S.DECISION_COMMUNICATED, now
        c.complainant_answer = ""
        c.save(update_fields=["status", "decision_communicated_at", "complainant_answer"])
        events.append(
            c,
            EventKind.DECISION_COMMUNICATED,
            actor,
            {
                "decision_id": decision.pk,
                "method": method,
                "outcome": decision.outcome,
                "reasons": decision.reasons,
                "message": message,
            },
            public=True,
        )
    return c


# The ways of communicating a decision that send a letter (the others are recorded only).
WRITTEN = ("email", "letter")


def _require_way(c: Complaint, method: str) -> None:
    """The trail must not say the decision went a way it cannot go (7.8)."""
    person = c.complainant
    refusal = None
    if method == "email" and not person.email:
        refusal = _(
            "The complainant of {reference} has no e-mail address: send the decision another "
            "way (letter, telephone) and record that method."
        )
    elif method == "letter" and not person.postal_address.strip():
        refusal = _(
            "The complainant of {reference} has no postal address: send the decision another "
            "way (e-mail, telephone) and record that method."
        )
    elif method not in WRITTEN and c.regime in FCA_REGIMES:
        refusal = _(
            "{reference} is handled under the FCA rules: its final response is in writing. "
            "Send it by e-mail or letter."
        )
    if refusal is not None:
        raise InvalidInput({"method": fmt(refusal, reference=c.reference)})


def accept(
    complaint, *, by, channel: str = "portal", in_writing: bool = True, note: str = ""
) -> Complaint:
    """ISO 10002 7.9: the complainant accepts the decision; remedies are then carried out."""
    return _answer(complaint, by, ComplainantAnswer.ACCEPTED, channel, in_writing, note)


def reject(
    complaint, *, by, reason: str = "", channel: str = "portal", in_writing: bool = True
) -> Complaint:
    """ISO 10002 7.9: the complainant rejects the decision; the complaint stays open and
    they are told of internal review and external recourse."""
    return _answer(complaint, by, ComplainantAnswer.REJECTED, channel, in_writing, reason)


# Each answer: the move that records it, and the state it leaves the complaint in.
ANSWERS = {
    ComplainantAnswer.ACCEPTED: ("accept", S.ACCEPTED),
    ComplainantAnswer.REJECTED: ("reject", S.REJECTED),
}


def _answer(complaint, by, answer: ComplainantAnswer, channel, in_writing, note) -> Complaint:
    move, status = ANSWERS[answer]
    with _locked(complaint, move, by) as (c, actor):
        c.status, c.complainant_answer = status, answer
        c.answered_at = timezone.now()
        c.save(update_fields=["status", "complainant_answer", "answered_at"])
        events.append(
            c,
            EventKind.ACCEPTED if move == "accept" else "rejected",
            actor,
            {
                "channel": channel,
                "in_writing": in_writing,
                "note": note,
            },
            public=True,
        )
        if move == "reject":  # ISO 10002 7.9: the internal review and external recourse
            write(c, "recourse")
    return c


def escalate(complaint, *, by, reviewer, reason: str) -> Complaint:
    """ISO 10002 7.9 / Annex F: internal review by a more senior person who neither
    decided the complaint before nor is involved in it."""
    _require_text(reason=reason)
    if reviewer is None:
        raise InvalidInput({"reviewer": _("Name the senior person who will review it.")})
    with _locked(complaint, "escalate", by) as (c, actor):
        if not (reviewer.is_active and reviewer.has_perm(MANAGE)):
            raise InvalidInput(
                {
                    "reviewer": fmt(
                        _(
                            "{reviewer} is not a complaints manager, so is not senior enough to "
                            "review."
                        ),
                        reviewer=reviewer,
                    )
                }
            )
        permissions.require_impartial(reviewer, c, "review")
        if c.decisions.filter(decided_by=reviewer).exists():
            raise InvalidInput(
                {
                    "reviewer": fmt(
                        _(
                            "{person} made an earlier decision on this complaint; choose "
                            "someone else."
                        ),
                        person=reviewer.get_username(),
                    )
                }
            )
        c.escalation_level += 1
        c.status, c.assignee = S.ESCALATED, reviewer
        c.save(update_fields=["escalation_level", "status", "assignee"])
        events.append(
            c,
            EventKind.ESCALATED,
            actor,
            {"level": c.escalation_level, "reviewer": reviewer.get_username(), "reason": reason},
            public=True,
        )
    return c


def refer_externally(
    complaint, *, by, body: ExternalBody | int, case_reference: str = "", note: str = ""
) -> Complaint:
    """ISO 10002 7.9 / ISO 10003 7.2: the complaint goes to an ombudsman or ADR body, one
    of the organisation's external bodies (those its "how to complain" page names)."""
    chosen = (
        body
        if isinstance(body, ExternalBody)
        else ExternalBody.objects.filter(pk=body).first()
        if type(body) is int
        else None
    )
    if chosen is None:
        raise InvalidInput({"body": _("Choose one of the organisation's external bodies.")})
    with _locked(complaint, "refer_externally", by) as (c, actor):
        referral = ExternalReferral.objects.create(
            complaint=c,
            body=chosen,
            case_reference=case_reference,
            referred_at=timezone.now(),
            note=note,
        )
        c.status = S.REFERRED_EXTERNALLY
        c.save(update_fields=["status"])
        events.append(
            c,
            EventKind.REFERRED_EXTERNALLY,
            actor,
            {
                "referral_id": referral.pk,
                "body_id": chosen.pk,
                "body": chosen.name,
                "case_reference": case_reference,
                "note": note,
            },
            public=True,
        )
    return c


# ---------------------------------------------------------------- remedies


def _remedy(c: Complaint, remedy_id: int) -> Remedy:
    try:
        return Remedy.objects.get(pk=remedy_id, decision__complaint=c)
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise InvalidInput(
            {
                "remedy": fmt(
                    _("{reference} has no remedy {remedy_id}."),
                    reference=c.reference,
                    remedy_id=remedy_id,
                )
            }
        ) from None


def carry_out_remedy(complaint, *, by, remedy: int, evidence: str) -> Complaint:
    """ISO 10002 7.9: record that an accepted remedy was carried out, with evidence."""
    _require_text(evidence=evidence)
    return _settle_remedy(
        complaint, by, "carry_out_remedy", remedy, RemedyState.CARRIED_OUT, evidence
    )


def waive_remedy(complaint, *, by, remedy: int, reason: str) -> Complaint:
    """A complaints manager waives a remedy that will not be carried out, with the reason."""
    _require_text(reason=reason)
    return _settle_remedy(complaint, by, "waive_remedy", remedy, RemedyState.WAIVED, reason)


def _settle_remedy(complaint, by, move, remedy_id, state, note) -> Complaint:
    with _locked(complaint, move, by) as (c, actor):
        remedy = _remedy(c, remedy_id)
        if remedy.state != RemedyState.PENDING:
            raise GateNotMet(
                move,
                c.status,
                allowed_moves(c),
                why=fmt(_("remedy {pk} is already {state}"), pk=remedy.pk, state=remedy.state),
            )
        current = current_decision(c)
        if current is not None and remedy.decision_id != current.pk:
            # 7.9: only the decision in force is carried out; one a review replaced is not.
            raise GateNotMet(
                move,
                c.status,
                allowed_moves(c),
                why=fmt(
                    _(
                        "remedy {pk} belongs to a decision that the decision of "
                        "{decided_at:%Y-%m-%d} (level {level}) replaced"
                    ),
                    pk=remedy.pk,
                    decided_at=current.decided_at,
                    level=current.level,
                ),
            )
        remedy.state, remedy.state_note = state, note
        remedy.state_changed_at = timezone.now()
        remedy.save(update_fields=["state", "state_note", "state_changed_at"])
        # The complainant sees a remedy carried out (7.3: kept informed); a waiver's
        # reason is internal until someone writes to them about it.
        events.append(
            c,
            EventKind(f"remedy_{state}"),
            actor,
            {"remedy_id": remedy.pk, "kind": remedy.kind, "note": note},
            public=state == RemedyState.CARRIED_OUT,
        )
    return c

"""THE lifecycle of a complaint (ISO 10002 clause 7): the only code that changes its state.

One function per move. Each move runs in one transaction with the complaint row locked:
it checks the actor's permission, the state and the stage gates, changes the record, appends
to the trail and enqueues what must follow (acknowledgement, decision letter) — all or
nothing. An illegal move raises a domain error (errors.py) saying what is allowed now.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upheld.notify import outbox
from upheld.organisation.models import Organisation

from . import events, files, permissions
from .actors import SYSTEM, Actor, as_actor
from .errors import ConflictOfInterest, GateNotMet, IllegalMove, InvalidInput
from .intake_rules import clean_receipt
from .models import (
    Category,
    Complaint,
    Decision,
    ExternalReferral,
    Outcome,
    Remedy,
    RemedyState,
    Status,
)
from .models.complaint import TERMINAL
from .models.decision import MONETARY, RemedyKind
from .priority import compute_priority
from .references import allocate_numbers, format_reference, new_secret
from .roles import MANAGE

S = Status
OPEN = frozenset(set(Status) - TERMINAL)

# From which states each move may be made. `allowed_moves` reads this table.
ALLOWED: dict[str, frozenset[str]] = {
    "acknowledge": OPEN,
    "assess": frozenset({S.RECEIVED, S.ACKNOWLEDGED, S.ASSESSED, S.INVESTIGATING}),
    "assign": OPEN,
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
}
MOVES = ("receive", *ALLOWED)

CLOSURE_REASONS = {
    "accepted_resolved": {S.ACCEPTED},
    "final_response_issued": {S.DECISION_COMMUNICATED, S.ACCEPTED},
    "referred_externally": {S.REFERRED_EXTERNALLY},
    "time_barred": {S.DECISION_COMMUNICATED, S.REFERRED_EXTERNALLY},
}
DEFAULT_CLOSURE = {
    S.ACCEPTED: "accepted_resolved",
    S.DECISION_COMMUNICATED: "final_response_issued",
    S.REFERRED_EXTERNALLY: "referred_externally",
}


def allowed_moves(complaint: Complaint) -> list[str]:
    """The moves the complaint's state allows now (gates and permissions aside)."""
    moves = [m for m, states in ALLOWED.items() if complaint.status in states]
    if complaint.acknowledged_at is not None and "acknowledge" in moves:
        moves.remove("acknowledge")
    return moves


@contextmanager
def _locked(complaint: Complaint | str, move: str, by,
            also: str = "") -> Iterator[tuple[Complaint, Actor]]:
    actor = as_actor(by)
    with transaction.atomic():
        lookup = {"reference": complaint} if isinstance(complaint, str) else {"pk": complaint.pk}
        if also:
            # A move on two complaints locks both in one order (by pk), so two such moves
            # crossing each other (A into B, B into A) queue up instead of deadlocking.
            both = Complaint.objects.filter(Q(**lookup) | Q(reference=also)).order_by("pk")
            list(both.select_for_update().values_list("pk", flat=True))
        current = Complaint.objects.select_for_update().get(**lookup)
        permissions.require(actor, move, current)
        if current.status not in ALLOWED[move]:
            why = ""
            if move == "close" and current.status == S.REJECTED:
                why = ("the complainant rejected the decision and that is not answered yet: "
                       "escalate it for internal review or refer it externally first")
            raise IllegalMove(move, current.status, allowed_moves(current), why=why)
        yield current, actor


def _require_text(**fields: str) -> None:
    missing = {k: "This is required." for k, v in fields.items() if not (v or "").strip()}
    if missing:
        raise InvalidInput(missing)


# ---------------------------------------------------------------- 7.2 receipt


def receive(*, channel: str, description: str, complainant: dict, by=None,
            received_at: datetime | None = None, attachments=(), **details) -> Complaint:
    """ISO 10002 7.2: record a complaint with a unique reference, and queue its 7.4
    acknowledgement in the same transaction. Returns the complaint; `complaint.secret`
    holds the complainant's tracking secret (shown once, stored only hashed)."""
    actor = as_actor(by)
    permissions.require(actor, "receive")
    org = Organisation.current()
    now = timezone.now()
    clean = clean_receipt(org, actor, now, channel=channel, description=description,
                          complainant=complainant, received_at=received_at, **details)
    token, token_hash = new_secret()
    with transaction.atomic():
        complaint = _create(org, actor, clean, token_hash)
        stored = files.store(complaint, attachments)
        events.append(complaint, "received", actor,
                      {**clean.trail_data(), "attachments": stored}, public=True,
                      at=complaint.received_at)
        if clean.acknowledge and complaint.complainant.email:
            outbox.queue_acknowledgement(complaint, secret=token)
    complaint.secret = token
    return complaint


def _create(org: Organisation, actor: Actor, clean, token_hash: str) -> Complaint:
    year = clean.received_at.year
    number = allocate_numbers(year)[0]
    complainant = clean.complainant
    complainant.save()
    representative = clean.representative
    if representative is not None:
        representative.save()
    complaint = Complaint.objects.create(
        reference=format_reference(org.reference_prefix, year, number),
        secret_hash=token_hash,
        channel=clean.channel,
        received_at=clean.received_at,
        received_by=actor.user,
        complainant=complainant,
        representative=representative,
        response_due_at=clean.received_at + timedelta(days=org.response_target_days),
        **clean.record_fields,
    )
    if clean.involved_users:
        complaint.involved_users.set(clean.involved_users)
    return complaint


# ---------------------------------------------------------------- 7.4 acknowledgement


def acknowledge(complaint, *, by=SYSTEM, method: str = "email", note: str = "") -> Complaint:
    """ISO 10002 7.4: the complainant has been told we have the complaint."""
    with _locked(complaint, "acknowledge", by) as (c, actor):
        if c.acknowledged_at is not None:
            raise IllegalMove("acknowledge", c.status, allowed_moves(c),
                              why=f"it was already acknowledged at {c.acknowledged_at:%c}")
        c.acknowledged_at = timezone.now()
        if c.status == S.RECEIVED:
            c.status = S.ACKNOWLEDGED
        c.save(update_fields=["acknowledged_at", "status"])
        events.append(c, "acknowledged", actor, {"method": method, "note": note}, public=True)
    return c


# ---------------------------------------------------------------- 7.5 initial assessment


def assess(complaint, *, by, severity: int, safety_implication: bool, complexity: int,
           impact: int, immediate_action_needed: bool, note: str = "") -> Complaint:
    """ISO 10002 7.5: assess severity, safety, complexity, impact and the need for
    immediate action; the priority follows from them."""
    errors = {}
    for name, value, top in (("severity", severity, 4), ("complexity", complexity, 3),
                             ("impact", impact, 3)):
        if not isinstance(value, int) or not 1 <= value <= top:
            errors[name] = f"Give a whole number from 1 to {top}."
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "assess", by) as (c, actor):
        c.severity, c.complexity, c.impact = severity, complexity, impact
        c.safety_implication = bool(safety_implication)
        c.immediate_action_needed = bool(immediate_action_needed)
        c.priority = compute_priority(severity, bool(safety_implication), complexity, impact,
                                      bool(immediate_action_needed))
        first = c.assessed_at is None
        c.assessed_at = c.assessed_at or timezone.now()
        if c.status in (S.RECEIVED, S.ACKNOWLEDGED):
            c.status = S.ASSESSED
        c.save()
        events.append(c, "assessed" if first else "reassessed", actor, {
            "severity": severity, "safety_implication": c.safety_implication,
            "complexity": complexity, "impact": impact,
            "immediate_action_needed": c.immediate_action_needed, "priority": c.priority,
            "note": note,
        })
    return c


def assign(complaint, *, by, assignee, note: str = "") -> Complaint:
    """ISO 10002 5.3 / 4.5: give the complaint to a handler who is not involved in it."""
    if assignee is None:
        raise InvalidInput({"assignee": "Name the person to assign."})
    with _locked(complaint, "assign", by) as (c, actor):
        if not (assignee.is_active and assignee.has_perm(permissions.HANDLE)):
            raise InvalidInput({"assignee": f"{assignee} has no complaint-handling role."})
        if permissions.is_involved(assignee, c):
            raise ConflictOfInterest(
                f"{assignee.get_username()} is recorded as involved in {c.reference} and "
                "cannot be assigned to it (ISO 10002 4.5, objectivity)."
            )
        previous = c.assignee
        c.assignee = assignee
        c.save(update_fields=["assignee"])
        events.append(c, "assigned", actor, {
            "assignee": assignee.get_username(),
            "previous": previous.get_username() if previous else None, "note": note,
        })
    return c


# ---------------------------------------------------------------- 7.6 investigation


def investigate(complaint, *, by, plan: str = "") -> Complaint:
    """ISO 10002 7.6: start the investigation. Unassigned, it goes to whoever starts it."""
    with _locked(complaint, "investigate", by) as (c, actor):
        if c.assignee_id is None:
            c.assignee = actor.user
        c.status = S.INVESTIGATING
        c.investigation_started_at = c.investigation_started_at or timezone.now()
        c.save()
        events.append(c, "investigation_started", actor,
                      {"assignee": c.assignee.get_username(), "plan": plan})
    return c


def await_complainant(complaint, *, by, question: str) -> Complaint:
    """ISO 10002 7.6: ask the complainant for information; handling waits for the answer."""
    _require_text(question=question)
    with _locked(complaint, "await_complainant", by) as (c, actor):
        c.paused_from, c.status = c.status, S.AWAITING_COMPLAINANT
        c.save(update_fields=["paused_from", "status"])
        events.append(c, "awaiting_complainant", actor, {"question": question}, public=True)
    return c


def resume(complaint, *, by, note: str = "") -> Complaint:
    """Handling goes on from where it waited for the complainant."""
    with _locked(complaint, "resume", by) as (c, actor):
        c.status, c.paused_from = c.paused_from or S.INVESTIGATING, ""
        c.save(update_fields=["paused_from", "status"])
        events.append(c, "resumed", actor, {"note": note})
    return c


# ---------------------------------------------------------------- 7.7 decision


def _clean_remedies(remedies: list[dict]) -> list[dict]:
    errors, clean = {}, []
    for i, item in enumerate(remedies or []):
        kind = item.get("kind")
        if kind not in RemedyKind.values:
            errors[f"remedies.{i}.kind"] = f"Choose one of: {', '.join(RemedyKind.values)}."
            continue
        amount, currency = item.get("amount"), (item.get("currency") or "").upper()
        if kind in MONETARY:
            try:
                amount = Decimal(str(amount))
                if amount <= 0:
                    raise ValueError
            except (ValueError, ArithmeticError):
                errors[f"remedies.{i}.amount"] = "A refund or compensation needs an amount > 0."
            if len(currency) != 3 or not currency.isalpha():
                errors[f"remedies.{i}.currency"] = "Give a 3-letter currency code, e.g. GBP."
        else:
            amount, currency = None, ""
        clean.append({"kind": kind, "description": item.get("description", ""),
                      "amount": amount, "currency": currency})
    if errors:
        raise InvalidInput(errors)
    return clean


def decide(complaint, *, by, outcome: str, reasons: str,
           remedies: list[dict] | None = None) -> Complaint:
    """ISO 10002 7.7: decide the complaint — outcome, reasons, and remedies offered."""
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = f"Choose one of: {', '.join(Outcome.values)}."
    if not (reasons or "").strip():
        errors["reasons"] = "Give the reasons for the decision."
    if errors:
        raise InvalidInput(errors)
    clean = _clean_remedies(remedies or [])
    with _locked(complaint, "decide", by) as (c, actor):
        now = timezone.now()
        decision = Decision.objects.create(complaint=c, level=c.escalation_level,
                                           outcome=outcome, reasons=reasons.strip(),
                                           decided_by=actor.user, decided_at=now)
        Remedy.objects.bulk_create(Remedy(decision=decision, **r) for r in clean)
        c.status, c.decided_at = S.DECIDED, now
        c.save(update_fields=["status", "decided_at"])
        events.append(c, "decided", actor, {
            "decision_id": decision.pk, "level": decision.level, "outcome": outcome,
            "reasons": decision.reasons, "remedies": clean,
        })
    return c


def current_decision(complaint: Complaint) -> Decision | None:
    return complaint.decisions.order_by("-decided_at", "-pk").first()


def communicate_decision(complaint, *, by, method: str = "email", message: str = "") -> Complaint:
    """ISO 10002 7.8: tell the complainant the decision, with its reasons and the ways
    to go further (internal review, external bodies)."""
    with _locked(complaint, "communicate_decision", by) as (c, actor):
        decision = current_decision(c)
        if decision is None or not decision.reasons.strip():
            raise GateNotMet("communicate_decision", c.status, allowed_moves(c),
                             why="there is no decision with reasons to communicate")
        now = timezone.now()
        decision.communicated_at, decision.communicated_by = now, method
        decision.save(update_fields=["communicated_at", "communicated_by"])
        c.status, c.decision_communicated_at = S.DECISION_COMMUNICATED, now
        c.complainant_answer = ""
        c.save(update_fields=["status", "decision_communicated_at", "complainant_answer"])
        events.append(c, "decision_communicated", actor, {
            "decision_id": decision.pk, "method": method, "outcome": decision.outcome,
            "reasons": decision.reasons, "message": message,
        }, public=True)
        if method == "email" and c.complainant.email:
            outbox.queue_decision(c, decision, message)
    return c


def accept(complaint, *, by, channel: str = "portal", in_writing: bool = True,
           note: str = "") -> Complaint:
    """ISO 10002 7.9: the complainant accepts the decision; remedies are then carried out."""
    return _answer(complaint, by, "accept", S.ACCEPTED, channel, in_writing, note)


def reject(complaint, *, by, reason: str = "", channel: str = "portal",
           in_writing: bool = True) -> Complaint:
    """ISO 10002 7.9: the complainant rejects the decision; the complaint stays open and
    they are told of internal review and external recourse."""
    c = _answer(complaint, by, "reject", S.REJECTED, channel, in_writing, reason)
    return c


def _answer(complaint, by, move, status, channel, in_writing, note) -> Complaint:
    with _locked(complaint, move, by) as (c, actor):
        c.status, c.complainant_answer = status, move + "ed"
        c.answered_at = timezone.now()
        c.save(update_fields=["status", "complainant_answer", "answered_at"])
        events.append(c, "accepted" if move == "accept" else "rejected", actor, {
            "channel": channel, "in_writing": in_writing, "note": note,
        }, public=True)
        if move == "reject" and c.complainant.email:
            outbox.queue_recourse(c)
    return c


def escalate(complaint, *, by, reviewer, reason: str) -> Complaint:
    """ISO 10002 7.9 / Annex F: internal review by a more senior person who neither
    decided the complaint before nor is involved in it."""
    _require_text(reason=reason)
    if reviewer is None:
        raise InvalidInput({"reviewer": "Name the senior person who will review it."})
    with _locked(complaint, "escalate", by) as (c, actor):
        if not (reviewer.is_active and reviewer.has_perm(MANAGE)):
            raise InvalidInput({"reviewer": f"{reviewer} is not a complaints manager, so is "
                                            "not senior enough to review."})
        if permissions.is_involved(reviewer, c):
            raise ConflictOfInterest(f"{reviewer.get_username()} is involved in {c.reference} "
                                     "and cannot review it (ISO 10002 4.5).")
        if c.decisions.filter(decided_by=reviewer).exists():
            raise InvalidInput({"reviewer": f"{reviewer.get_username()} made an earlier "
                                            "decision on this complaint; choose someone else."})
        c.escalation_level += 1
        c.status, c.assignee = S.ESCALATED, reviewer
        c.save(update_fields=["escalation_level", "status", "assignee"])
        events.append(c, "escalated", actor, {"level": c.escalation_level,
                                              "reviewer": reviewer.get_username(),
                                              "reason": reason}, public=True)
    return c


def refer_externally(complaint, *, by, body: str, case_reference: str = "",
                     note: str = "") -> Complaint:
    """ISO 10002 7.9 / ISO 10003 7.2: the complaint goes to an ombudsman or ADR body."""
    _require_text(body=body)
    with _locked(complaint, "refer_externally", by) as (c, actor):
        referral = ExternalReferral.objects.create(complaint=c, body=body,
                                                   case_reference=case_reference,
                                                   referred_at=timezone.now(), note=note)
        c.status = S.REFERRED_EXTERNALLY
        c.save(update_fields=["status"])
        events.append(c, "referred_externally", actor, {
            "referral_id": referral.pk, "body": body, "case_reference": case_reference,
            "note": note}, public=True)
    return c


# ---------------------------------------------------------------- remedies


def _remedy(c: Complaint, remedy_id: int) -> Remedy:
    try:
        return Remedy.objects.get(pk=remedy_id, decision__complaint=c)
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise InvalidInput({"remedy": f"{c.reference} has no remedy {remedy_id}."}) from None


def carry_out_remedy(complaint, *, by, remedy: int, evidence: str) -> Complaint:
    """ISO 10002 7.9: record that an accepted remedy was carried out, with evidence."""
    _require_text(evidence=evidence)
    return _settle_remedy(complaint, by, "carry_out_remedy", remedy, RemedyState.CARRIED_OUT,
                          evidence)


def waive_remedy(complaint, *, by, remedy: int, reason: str) -> Complaint:
    """A complaints manager waives a remedy that will not be carried out, with the reason."""
    _require_text(reason=reason)
    return _settle_remedy(complaint, by, "waive_remedy", remedy, RemedyState.WAIVED, reason)


def _settle_remedy(complaint, by, move, remedy_id, state, note) -> Complaint:
    with _locked(complaint, move, by) as (c, actor):
        remedy = _remedy(c, remedy_id)
        if remedy.state != RemedyState.PENDING:
            raise GateNotMet(move, c.status, allowed_moves(c),
                             why=f"remedy {remedy.pk} is already {remedy.state}")
        remedy.state, remedy.state_note = state, note
        remedy.state_changed_at = timezone.now()
        remedy.save(update_fields=["state", "state_note", "state_changed_at"])
        # The complainant sees a remedy carried out (7.3: kept informed); a waiver's
        # reason is internal until someone writes to them about it.
        events.append(c, "remedy_" + state, actor, {"remedy_id": remedy.pk,
                                                    "kind": remedy.kind, "note": note},
                      public=state == RemedyState.CARRIED_OUT)
    return c


# ---------------------------------------------------------------- classification and edits


def classify(complaint, *, by, category: Category | int) -> Complaint:
    """ISO 10002 8.2: classify the complaint in the organisation's taxonomy."""
    cat = category
    if not isinstance(cat, Category):
        cat = Category.objects.filter(pk=category, active=True).first()
    if cat is None or not cat.active:
        raise InvalidInput({"category": "Choose a category that is in use."})
    with _locked(complaint, "classify", by) as (c, actor):
        previous = str(c.category) if c.category_id else None
        c.category = cat
        c.save(update_fields=["category"])
        events.append(c, "classified", actor, {"category_id": cat.pk, "category": str(cat),
                                               "previous": previous})
    return c


# ---------------------------------------------------------------- 7.9 closure


def close(complaint, *, by, reason: str | None = None, note: str = "") -> Complaint:
    """ISO 10002 7.9: close the complaint once it is answered, classified and every
    accepted remedy is carried out or waived."""
    with _locked(complaint, "close", by) as (c, actor):
        reason = reason or DEFAULT_CLOSURE[c.status]
        if reason not in CLOSURE_REASONS:
            raise InvalidInput({"reason": f"Choose one of: {', '.join(CLOSURE_REASONS)}."})
        if c.status not in CLOSURE_REASONS[reason]:
            raise GateNotMet("close", c.status, allowed_moves(c),
                             why=f"'{reason}' does not fit a complaint that is "
                                 f"{c.get_status_display()}")
        if c.category_id is None:
            raise GateNotMet("close", c.status, allowed_moves(c),
                             why="it is not classified yet (ISO 10002 8.2); classify it first")
        decision = current_decision(c)
        pending = list(decision.remedies.filter(state=RemedyState.PENDING)) if decision else []
        if pending:
            names = ", ".join(f"{r.pk} ({r.get_kind_display()})" for r in pending)
            raise GateNotMet("close", c.status, allowed_moves(c),
                             why=f"remedies not yet carried out or waived: {names}")
        c.status, c.closure_reason, c.closed_at = S.CLOSED, reason, timezone.now()
        c.save(update_fields=["status", "closure_reason", "closed_at"])
        events.append(c, "closed", actor, {"reason": reason, "note": note}, public=True)
    return c


def reopen(complaint, *, by, reason: str) -> Complaint:
    """Reopen a closed or withdrawn complaint; its received time and clocks are kept."""
    _require_text(reason=reason)
    with _locked(complaint, "reopen", by) as (c, actor):
        previous = c.status
        if c.assignee_id and c.investigation_started_at:
            c.status = S.INVESTIGATING
        elif c.assessed_at:
            c.status = S.ASSESSED
        else:
            c.status = S.ACKNOWLEDGED if c.acknowledged_at else S.RECEIVED
        c.reopened_count += 1
        c.closed_at, c.closure_reason, c.complainant_answer = None, "", ""
        c.save()
        events.append(c, "reopened", actor, {"from": previous, "to": c.status,
                                             "reason": reason}, public=True)
    return c


def withdraw(complaint, *, by, reason: str = "") -> Complaint:
    """The complainant withdraws the complaint (or staff record that they did)."""
    with _locked(complaint, "withdraw", by) as (c, actor):
        c.status, c.closure_reason, c.closed_at = S.WITHDRAWN, "withdrawn", timezone.now()
        c.save(update_fields=["status", "closure_reason", "closed_at"])
        events.append(c, "withdrawn", actor, {"reason": reason}, public=True)
    return c


def merge(complaint, *, by, into: Complaint | str, reason: str = "") -> Complaint:
    """A duplicate is merged into the complaint that carries on; both trails say so."""
    target_ref = into if isinstance(into, str) else into.reference
    with _locked(complaint, "merge", by, also=target_ref) as (c, actor):
        if target_ref == c.reference:
            raise InvalidInput({"into": "A complaint cannot be merged into itself."})
        target = Complaint.objects.select_for_update().filter(reference=target_ref).first()
        if target is None:
            raise InvalidInput({"into": f"There is no complaint {target_ref}."})
        if not target.is_open:
            raise InvalidInput({"into": f"{target_ref} is {target.get_status_display()}; "
                                        "merge into an open complaint."})
        c.status, c.merged_into, c.closed_at = S.MERGED, target, timezone.now()
        c.closure_reason = "merged"
        c.save(update_fields=["status", "merged_into", "closed_at", "closure_reason"])
        events.append(c, "merged", actor, {"into": target.reference, "reason": reason},
                      public=True)
        events.append(target, "duplicate_merged", actor, {"duplicate": c.reference,
                                                          "reason": reason})
    return c


# ---------------------------------------------------------------- correspondence


def add_correspondence(complaint, *, by, direction: str = "in", channel: str = "email",
                       sender: str = "", subject: str = "", body: str = "",
                       attachments=(), external_id: str = "") -> Complaint:
    """ISO 10002 7.3 / 7.8: keep a message about the complaint, in or out, with its files.
    Accepted in every state — a complainant writing after closure is still heard."""
    from .models import Correspondence

    if direction not in ("in", "out"):
        raise InvalidInput({"direction": "Use 'in' or 'out'."})
    if not (body or "").strip() and not attachments:
        raise InvalidInput({"body": "Give the text of the message or attach a file."})
    with _locked(complaint, "add_correspondence", by) as (c, actor):
        if direction == "out" and not actor.is_staff_user:
            raise permissions.NotPermitted("Only staff record messages sent to complainants.")
        item = Correspondence.objects.create(
            complaint=c, direction=direction, channel=channel, sender=sender[:300],
            subject=subject[:300], body=body, external_id=external_id[:300],
            at=timezone.now())
        stored = files.store(c, attachments, correspondence=item)
        events.append(c, "correspondence_" + direction, actor, {
            "correspondence_id": item.pk, "channel": channel, "sender": sender,
            "subject": subject, "attachments": stored}, public=True)
    return c


def move(name: str):
    """The lifecycle function for a move name (used by the API and pages)."""
    if name not in MOVES:
        raise KeyError(name)
    return globals()[name]

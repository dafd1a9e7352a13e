"""Who may make which move (ISO 10002 5.3, 4.5). Checked by the lifecycle, not by views."""

from django.utils.translation import gettext_lazy as _

from .actors import Actor
from .errors import ConflictOfInterest, NotPermitted, fmt
from .models import Complaint, Status
from .roles import HANDLE, MANAGE

# Moves the complainant may make themselves (through the portal, e-mail, or the public form).
BY_COMPLAINANT = {
    "receive",
    "accept",
    "reject",
    "withdraw",
    "add_correspondence",
    "issue_link",  # from the recovery page: the reference and the contact details given
    "request_review",
    "choose_contact",
}
# Moves anyone may make (7.2: anyone may complain). Answering, withdrawing or writing about a
# complaint needs proof of being its complainant (the tracking secret), which the caller
# turns into the COMPLAINANT actor: a reference alone is no proof, references are sequential.
BY_PUBLIC = {"receive"}
# Moves Upheld makes on its own (the worker, intake channels).
BY_SYSTEM = {
    "receive",
    "acknowledge",
    "add_correspondence",
    "record_message_failure",
    "record_letter",  # a letter produced and e-mailed, or posted (the letters' worker)
    "anonymise",  # when a retention period ends
    "act_on_clock",  # reminders, updates and escalations at a clock's points
}
# Moves only Upheld makes: they record what happened to its own work (a message that could
# not be delivered), which no person can witness or undo. Not offered to people (API, pages).
SYSTEM_ONLY = {"record_message_failure", "record_letter", "act_on_clock"}
# Moves that need the complaints manager's authority (5.3.2).
MANAGER_ONLY = {
    "assign",
    "route",
    "prioritise",
    "escalate",
    "reopen",
    "merge",
    "waive_remedy",
    "anonymise",
}
# Moves that judge the complaint: a person involved in it may not make them (4.5) —
# its assessment (severity, priority) included.
JUDGING = {
    "triage",
    "assess",
    "prioritise",
    "investigate",
    "decide",
    "choose_regime",
    "evaluate_reportability",
}
# Judging moves only the assignee (or a manager) may make, once someone is assigned.
ASSIGNEE_ONLY = {"investigate", "decide", "communicate_decision"}


def require(actor: Actor, move: str, complaint: Complaint | None = None) -> None:
    if actor.kind == "system":
        if move in BY_SYSTEM:
            return
        raise NotPermitted(fmt(_("Upheld itself cannot {move}; a person must."), move=move))
    if actor.kind == "public":
        if move in BY_PUBLIC:
            return
        if move in BY_COMPLAINANT:
            raise NotPermitted(
                fmt(
                    _(
                        "Only the complainant (with their tracking secret) or staff "
                        "can {move} a complaint."
                    ),
                    move=move,
                )
            )
        raise NotPermitted(fmt(_("Only staff can {move} a complaint."), move=move))
    if actor.kind == "complainant":
        if move in BY_COMPLAINANT:
            return
        raise NotPermitted(fmt(_("Only staff can {move} a complaint."), move=move))
    if not actor.has_perm(HANDLE):
        raise NotPermitted(
            fmt(
                _("{person} has no complaint-handling role, so cannot {move}."),
                person=actor.display(),
                move=move,
            )
        )
    if move in SYSTEM_ONLY:
        raise NotPermitted(fmt(_("Only Upheld itself can {move}."), move=move))
    is_manager = actor.has_perm(MANAGE)
    if move in MANAGER_ONLY and not is_manager:
        raise NotPermitted(fmt(_("Only a complaints manager can {move}."), move=move))
    if complaint is None:
        return
    if move in JUDGING:
        require_impartial(actor.user, complaint, move)
    if move == "decide" and complaint.status == Status.ESCALATED:
        require_fresh_eyes(actor.user, complaint)
    if (
        move in ASSIGNEE_ONLY
        and complaint.assignee_id
        and complaint.assignee_id != getattr(actor.user, "pk", None)
        and not is_manager
    ):
        raise NotPermitted(
            fmt(
                _(
                    "{reference} is assigned to {assignee}; only they or a complaints manager "
                    "can {move}."
                ),
                reference=complaint.reference,
                assignee=complaint.assignee,
                move=move,
            )
        )


def _prefetched(complaint: Complaint, relation: str) -> list | None:
    """The complaint's `relation` as a page already read it (prefetch_related), else None:
    a page asking which moves to offer then asks no more queries of the database. The
    lifecycle's locked row has nothing prefetched, so a move always reads afresh."""
    cache = getattr(complaint, "_prefetched_objects_cache", {})
    return list(cache[relation]) if relation in cache else None


def is_involved(user, complaint: Complaint) -> bool:
    involved = _prefetched(complaint, "involved_users")
    if involved is not None:
        return any(u.pk == user.pk for u in involved)
    return complaint.involved_users.filter(pk=user.pk).exists()


def require_impartial(user, complaint: Complaint, move: str) -> None:
    if user is not None and is_involved(user, complaint):
        raise ConflictOfInterest(
            fmt(
                _(
                    "{person} is recorded as involved in {reference} and cannot {move} it "
                    "(ISO 10002 4.5, objectivity)."
                ),
                person=user.get_username(),
                reference=complaint.reference,
                move=move,
            )
        )


def require_fresh_eyes(user, complaint: Complaint) -> None:
    """ISO 10002 7.9 / Annex F: an internal review is decided by someone who did not make
    an earlier decision on the complaint."""
    decisions = _prefetched(complaint, "decisions")
    if decisions is not None:
        decided_before = any(
            d.level < complaint.escalation_level and d.decided_by_id == user.pk for d in decisions
        )
    else:
        earlier = complaint.decisions.filter(level__lt=complaint.escalation_level)
        decided_before = earlier.filter(decided_by=user).exists()
    if decided_before:
        raise ConflictOfInterest(
            fmt(
                _(
                    "{person} made an earlier decision on {reference}, so cannot decide its "
                    "internal review (ISO 10002 7.9)."
                ),
                person=user.get_username(),
                reference=complaint.reference,
            )
        )

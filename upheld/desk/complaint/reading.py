"""What the complaint page reads besides the record the selector gives: its correspondence
and files, complaints like it, the moves open to the viewer now and what still stands in the
way of closing it. Each is one query, or none, whatever the size of the record."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from upheld.complaints import lifecycle, permissions
from upheld.complaints.actors import as_actor
from upheld.complaints.errors import ConflictOfInterest, NotPermitted
from upheld.complaints.lifecycle.rules import closure_gate
from upheld.complaints.models import Attachment, Complaint, Correspondence, RemedyState
from upheld.complaints.moves import MOVES, Move
from upheld.complaints.visibility import visible_complaints

SIMILAR_SHOWN = 10
# Offered only while the decision in force has a remedy to settle.
REMEDY_MOVES = frozenset({"carry_out_remedy", "waive_remedy"})
# Files a browser may show in the page (a picture, a PDF in its own viewer); any other
# type is only downloaded (attachments.py).
SHOWN_INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})


@dataclass(frozen=True)
class Withheld:
    """A move the state allows that the viewer may not make, and why (4.5 objectivity)."""

    move: Move
    why: str


def correspondence(complaint: Complaint) -> tuple[list[Correspondence], list[Attachment]]:
    """The messages in and out, oldest first, each with its files; and the files that came
    with the complaint itself. Two queries."""
    messages = list(Correspondence.objects.filter(complaint=complaint).order_by("at", "pk"))
    files = list(Attachment.objects.filter(complaint=complaint).order_by("added_at", "pk"))
    by_message: dict[int, list[Attachment]] = {}
    for f in files:
        f.inline = shown_inline(f)  # type: ignore[attr-defined]
        f.picture = f.inline and f.content_type.startswith("image/")  # type: ignore[attr-defined]
        if f.correspondence_id:
            by_message.setdefault(f.correspondence_id, []).append(f)
    for m in messages:
        m.files = by_message.get(m.pk, [])  # type: ignore[attr-defined]
    return messages, [f for f in files if not f.correspondence_id]


def similar(viewer, complaint: Complaint) -> QuerySet[Complaint]:
    """Complaints the viewer may read from the same complainant (by person, or by e-mail
    address) or about the same product in the same category, newest first: to decide
    like cases alike (ISO 10002 4.5, 7.7). One query."""
    person = complaint.complainant
    alike = Q(complainant_id=person.pk)
    if person.email:
        alike |= Q(complainant__email__iexact=person.email)
    if complaint.product and complaint.category_id:
        alike |= Q(product__iexact=complaint.product, category_id=complaint.category_id)
    return (
        visible_complaints(viewer)
        .filter(alike)
        .exclude(pk=complaint.pk)
        .select_related("complainant", "category")
        .order_by("-received_at", "-pk")[:SIMILAR_SHOWN]
    )


def moves_open(viewer, complaint: Complaint) -> tuple[list[Move], list[Withheld]]:
    """The moves the complaint's state allows (lifecycle.allowed_moves) that the viewer may
    make (permissions.require, the rule the lifecycle enforces); and those the state allows
    but a conflict of interest withholds from them, with the reason. No query beyond what
    the page read (permissions read its prefetched staff involved and decisions)."""
    actor = as_actor(viewer)
    offered, withheld = [], []
    settled = not pending_remedies(complaint)
    for name in lifecycle.allowed_moves(complaint):
        move = MOVES[name]
        if move.input is None or move.system_only or (name in REMEDY_MOVES and settled):
            continue
        try:
            permissions.require(actor, name, complaint)
        except ConflictOfInterest as refused:
            withheld.append(Withheld(move, str(refused)))
        except NotPermitted:
            continue
        else:
            offered.append(move)
    return offered, withheld


def pending_remedies(complaint: Complaint) -> list:
    """The remedies of the decision in force still to be carried out or waived, from the
    decisions the page read with their remedies."""
    decisions = list(complaint.decisions.all())
    if not decisions:
        return []
    in_force = max(decisions, key=lambda d: (d.decided_at, d.pk))
    return [r for r in in_force.remedies.all() if r.state == RemedyState.PENDING]


def closure_blocked(complaint: Complaint) -> str:
    """Why closing it would be refused now (ISO 10002 7.9, 8.2: answered, classified, every
    remedy of the decision in force carried out or waived), from the same rule `close`
    applies (lifecycle.rules.closure_gate), before anyone presses the button; "" when it
    may be closed, or when closing is not a move of its state at all."""
    default = lifecycle.DEFAULT_CLOSURE.get(complaint.status)
    if default is None:
        return ""
    pending = [f"{r.pk} ({r.get_kind_display()})" for r in pending_remedies(complaint)]
    gate = closure_gate(
        complaint.status,
        default,
        classified=complaint.category_id is not None,
        pending_remedies=pending,
    )
    return str(gate[1]) if gate else ""


def shown_inline(attachment: Attachment) -> bool:
    return attachment.content_type in SHOWN_INLINE

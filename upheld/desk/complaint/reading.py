"""What the complaint page reads besides the record the selector gives: its correspondence
and files, complaints like it, the moves open to the viewer now and what still stands in the
way of closing it. Each is one query, or none, whatever the size of the record."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import IntegerField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from upheld.complaints import lifecycle, permissions, search
from upheld.complaints.actors import as_actor
from upheld.complaints.errors import ConflictOfInterest, NotPermitted
from upheld.complaints.lifecycle.rules import closure_gate
from upheld.complaints.models import (
    Attachment,
    Complaint,
    Correspondence,
    Person,
    RemedyState,
    Task,
)
from upheld.complaints.moves import MOVES, Move
from upheld.complaints.visibility import visible_complaints

SIMILAR_SHOWN = 10
SIMILAR_WORDED = 5  # complaints like it in words, on top of the SIMILAR_SHOWN alike
# The newest of its category (or product) whose words are counted: each one's description
# is read whole.
SIMILAR_CANDIDATES = 100
MAX_WORDS = 12
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


def tasks(complaint: Complaint) -> list[Task]:
    """Its investigation tasks (7.7): the open ones soonest due first, then those done. One
    query."""
    found = Task.objects.filter(complaint=complaint).select_related("owner")
    return sorted(found, key=lambda t: (not t.is_open, t.due_on, t.pk))


def similar(viewer, complaint: Complaint) -> QuerySet[Complaint]:
    """Complaints the viewer may read from the same complainant (by person, or by e-mail
    address) or about the same product in the same category, newest first, and those whose
    words are most like its own: to decide like cases alike (ISO 10002 4.5, 7.7). One
    statement, bounded whatever the volume: each kind is its own index-served subquery with
    its own limit (the complainant's, the category's, the newest SIMILAR_CANDIDATES of the
    category for the words), and PostgreSQL reads their union by primary key — an OR of
    them made it walk every complaint by date (11 s at a million)."""
    visible = visible_complaints(viewer).exclude(pk=complaint.pk)
    newest = ("-received_at", "-pk")
    person = complaint.complainant
    parts = [
        visible.filter(complainant_id=person.pk).order_by(*newest).values("pk")[:SIMILAR_SHOWN]
    ]
    if person.email:
        by_address = visible.filter(complainant_id__in=_same_address(person.email))
        parts.append(by_address.order_by(*newest).values("pk")[:SIMILAR_SHOWN])
    if complaint.product and complaint.category_id:
        # The product in any case, as the index of products by category has it.
        same = visible.alias(product_key=Upper("product")).filter(
            category_id=complaint.category_id, product_key=Upper(Value(complaint.product))
        )
        parts.append(same.order_by(*newest).values("pk")[:SIMILAR_SHOWN])
    worded = _worded_alike(visible, complaint)
    if worded is not None:
        parts.append(worded)
    if connection.vendor == "postgresql":
        where = (
            Q(pk__in=parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else Q(pk__in=parts[0])
        )
    else:  # SQLite reads an OR of IN lists as a union of rowid lookups
        where = Q()
        for part in parts:
            where |= Q(pk__in=part)
    return (
        Complaint.objects.filter(where)
        .select_related("complainant")
        .order_by(*newest)[: SIMILAR_SHOWN * 2 + SIMILAR_WORDED]
    )


def _same_address(email: str):
    """The people with this e-mail address (any case), found through the people's search
    index."""
    found = Person.objects.filter(search.with_address_words(email), email__iexact=email)
    return found.values("pk")[:SIMILAR_SHOWN]


def _worded_alike(visible: QuerySet[Complaint], complaint: Complaint):
    """The ids of the SIMILAR_WORDED complaints whose description shares most of its words,
    among the newest SIMILAR_CANDIDATES of the same category (else the same product): the
    count of its words each contains."""
    found = distinctive_words(complaint.description)
    if not found:
        return None
    if complaint.category_id:
        pool = visible.filter(category_id=complaint.category_id)
    elif complaint.product:
        pool = visible.filter(product__iexact=complaint.product)
    else:
        return None
    candidates = pool.order_by("-received_at", "-pk").values("pk")[:SIMILAR_CANDIDATES]
    return (
        Complaint.objects.filter(pk__in=candidates)
        .annotate(likeness=_likeness(found))
        .filter(likeness__gt=0)
        .order_by("-likeness", "-pk")
        .values("pk")[:SIMILAR_WORDED]
    )


def _likeness(found: list[str]) -> RawSQL:
    """How many of the words a description contains (inside a longer word too), in one
    raw expression: ts_rank parsed each candidate's words (PostgreSQL: 0.1 ms a complaint,
    most of the page's time) and a CASE per word took the ORM longer to write than SQLite
    to run. PostgreSQL lowers the description once and looks for each word in it; SQLite's
    LIKE ignores the case of ASCII letters itself."""
    if connection.vendor == "postgresql":
        terms = " + ".join(["(strpos(d, %s) > 0)::int"] * len(found))
        sql = f"(SELECT {terms} FROM (SELECT lower(description) AS d OFFSET 0) w)"  # noqa: S608
        params = found
    else:
        sql = "(" + " + ".join(["(description LIKE %s)"] * len(found)) + ")"
        params = [f"%{w}%" for w in found]
    return RawSQL(sql, params, output_field=IntegerField())  # noqa: S611 — parameters


def distinctive_words(text: str) -> list[str]:
    """The words that say what a complaint is about: the longest distinct ones of five
    letters or more (no stop-word list for every language: short words are most of them)."""
    seen = dict.fromkeys(w for w in search.words_of(text) if len(w) >= 5 and w.isalpha())
    return sorted(seen, key=len, reverse=True)[:MAX_WORDS]


def moves_open(
    viewer, complaint: Complaint, tasks_open: bool = True
) -> tuple[list[Move], list[Withheld]]:
    """The moves the complaint's state allows (lifecycle.allowed_moves) that the viewer may
    make (permissions.require, the rule the lifecycle enforces); and those the state allows
    but a conflict of interest withholds from them, with the reason. No query beyond what
    the page read (permissions read its prefetched staff involved and decisions). Recording
    a task done is offered only while one is open (`tasks_open`)."""
    actor = as_actor(viewer)
    offered, withheld = [], []
    settled = not pending_remedies(complaint)
    for name in lifecycle.allowed_moves(complaint):
        move = MOVES[name]
        if move.input is None or move.system_only or (name in REMEDY_MOVES and settled):
            continue
        if name == "complete_task" and not tasks_open:
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

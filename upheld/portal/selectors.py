"""What the complainant may see of their complaint (ISO 10002 7.3, 7.8, 7.9, 4.7): the
public part of the trail, every decision sent to them with its letter and the remedies'
progress, the recourse open now. Never internal notes, events' data meant for staff, staff
names, or anyone else's details. A fixed number of queries whatever the size of the trail."""

from dataclasses import dataclass, field
from datetime import datetime

from upheld.complaints.events import data_of
from upheld.complaints.models import Complaint, Decision, Event, EventKind, Status
from upheld.notify.models import Message
from upheld.organisation.models import ExternalBody

from .labels import UPDATES


@dataclass(frozen=True)
class Update:
    at: datetime
    label: str
    kind: str = ""


@dataclass
class Page:
    """Everything the tracking page shows beyond the complaint row."""

    updates: list[Update]
    decisions: list[Decision]
    letters: dict[int, Message] = field(default_factory=dict)
    question: str = ""  # what we asked the complainant, while we wait for it
    review_requested_at: datetime | None = None
    bodies: list[ExternalBody] = field(default_factory=list)


def public_updates(complaint: Complaint) -> list[Update]:
    """The kind and time of the public events, in the complainant's words — never the
    events' data (staff names, internal reasons)."""
    events = Event.objects.filter(complaint_id=complaint.pk, public=True, kind__in=UPDATES)
    return [
        Update(at, UPDATES[kind], kind)
        for at, kind in events.order_by("seq").values_list("at", "kind")
    ]


def page(complaint: Complaint) -> Page:
    updates = public_updates(complaint)
    decisions = []
    if complaint.decision_communicated_at is not None:  # none was ever sent: no query
        decisions = list(
            complaint.decisions.filter(communicated_at__isnull=False)
            .prefetch_related("remedies")
            .order_by("decided_at", "pk")
        )
    letters = {}
    if decisions:
        for message in Message.objects.filter(complaint=complaint, kind="decision").only(
            "pk", "context", "body", "subject", "created_at", "state"
        ):
            letters.setdefault(message.context.get("decision"), message)
    view = Page(updates=updates, decisions=decisions, letters=letters)
    view.review_requested_at = _review_requested(updates)
    if complaint.status == Status.AWAITING_COMPLAINANT:
        view.question = _question(complaint)
    if decisions or complaint.status in (Status.REJECTED, Status.ESCALATED):
        view.bodies = list(ExternalBody.objects.order_by("position", "name"))
    return view


def _review_requested(updates: list[Update]) -> datetime | None:
    """When the internal review was asked for after the last rejection (None: not)."""
    asked = None
    for update in updates:
        if update.kind == EventKind.REJECTED:
            asked = None
        elif update.kind == EventKind.REVIEW_REQUESTED:
            asked = update.at
    return asked


def _question(complaint: Complaint) -> str:
    """The question we are waiting on: the complainant's own matter, so theirs to read."""
    asked = (
        complaint.events.filter(kind=EventKind.AWAITING_COMPLAINANT)
        .select_related("personal")
        .order_by("-seq")
        .first()
    )
    return str(data_of(asked).get("question", "")) if asked is not None else ""


def decision_letter(complaint: Complaint, decision_id: int) -> tuple[Decision, Message | None]:
    """A decision sent to this complaint's complainant and the e-mail that carried it
    (None when it went another way). Decision.DoesNotExist for any other decision —
    another complaint's included."""
    decision = (
        complaint.decisions.filter(communicated_at__isnull=False)
        .prefetch_related("remedies")
        .get(pk=decision_id)
    )
    letter = next(
        (
            m
            for m in Message.objects.filter(complaint=complaint, kind="decision")
            if m.context.get("decision") == decision.pk
        ),
        None,
    )
    return decision, letter

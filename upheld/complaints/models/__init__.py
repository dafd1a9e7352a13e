"""Records only: the lifecycle (../lifecycle/) is the only code that changes their state."""

from .attachment import Attachment, Correspondence
from .complaint import Category, Channel, Complaint, ReferenceCounter, Status, Triage
from .decision import Decision, ExternalReferral, Outcome, Remedy, RemedyKind, RemedyState
from .event import Event
from .people import Person

__all__ = [
    "Attachment",
    "Correspondence",
    "Category",
    "Channel",
    "Complaint",
    "Decision",
    "Event",
    "ExternalReferral",
    "Outcome",
    "Person",
    "ReferenceCounter",
    "Remedy",
    "RemedyKind",
    "RemedyState",
    "Status",
    "Triage",
]

"""Records only: the lifecycle (../lifecycle/) is the only code that changes their state."""

from .attachment import Attachment, Correspondence
from .complaint import (
    ASSESSMENT_SCALES,
    Category,
    Channel,
    ClosureReason,
    ComplainantAnswer,
    Complaint,
    Priority,
    ReferenceCounter,
    Status,
    Triage,
)
from .decision import Decision, ExternalReferral, Outcome, Remedy, RemedyKind, RemedyState
from .event import PERSONAL, Event, EventKind, EventPersonal, TrailKey
from .people import ContactPreference, Person
from .routing import RoutingRule
from .task import Task, TaskState

__all__ = [
    "ASSESSMENT_SCALES",
    "ClosureReason",
    "ComplainantAnswer",
    "Priority",
    "Attachment",
    "Correspondence",
    "Category",
    "Channel",
    "Complaint",
    "ContactPreference",
    "Decision",
    "Event",
    "EventKind",
    "EventPersonal",
    "PERSONAL",
    "TrailKey",
    "ExternalReferral",
    "Outcome",
    "Person",
    "ReferenceCounter",
    "RoutingRule",
    "Remedy",
    "RemedyKind",
    "RemedyState",
    "Status",
    "Task",
    "TaskState",
    "Triage",
]

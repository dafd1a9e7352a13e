"""What the complainant may see of the trail (ISO 10002 7.3, 4.7)."""

from dataclasses import dataclass
from datetime import datetime

from upheld.complaints.models import Complaint

from .labels import UPDATES


@dataclass(frozen=True)
class Update:
    at: datetime
    label: str


def public_updates(complaint: Complaint) -> list[Update]:
    """The kind and time of the public events, in the complainant's words — never the
    events' data (staff names, internal reasons)."""
    events = complaint.events.filter(public=True, kind__in=UPDATES).order_by("seq")
    return [Update(e.at, UPDATES[e.kind]) for e in events.only("at", "kind")]

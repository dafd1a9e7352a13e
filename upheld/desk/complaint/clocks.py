"""The clocks a handler sees on the complaint page (ISO 10002 7.3; deadlines): every time
limit the complaint carries, running or paused first, with when it is due and the time
left or how late it is; then those stopped, met or missed. Read from the complaint's
prefetched clocks (selectors.complaint_detail): no query of its own."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Complaint

RUNNING, PAUSED, BREACHED, MET, MISSED = "running", "paused", "breached", "met", "missed"
STATES = {
    RUNNING: _("running"),
    PAUSED: _("paused while the complainant is asked"),
    BREACHED: _("breached"),
    MET: _("met"),
    MISSED: _("missed"),
}


@dataclass(frozen=True)
class Clock:
    label: str
    due_at: datetime
    state: str
    left: timedelta  # negative when late
    binding: bool = True

    @property
    def late(self) -> bool:
        return self.left < timedelta(0)

    @property
    def overdue_by(self) -> timedelta:
        return -self.left

    @property
    def open(self) -> bool:
        return self.state in (RUNNING, PAUSED, BREACHED)

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])


def clocks_of(complaint: Complaint, now: datetime) -> list[Clock]:
    found = []
    for k in complaint.clocks.all():
        end = k.stopped_at or k.paused_at or now
        if k.stopped_at is not None:
            state = MET if k.stopped_at <= k.due_at else MISSED
        elif k.due_at < end:
            state = BREACHED
        else:
            state = PAUSED if k.paused_at is not None else RUNNING
        found.append(Clock(k.title, k.due_at, state, k.due_at - end, k.binding))
    return sorted(found, key=lambda c: (not c.open, c.due_at))

"""The clocks a handler sees on the complaint page (ISO 10002 7.2 response targets): each
with its label, when it is due, whether it runs, and the time left or how late it is.

Today a complaint carries its soonest due instant (Complaint.next_due_at, kept by the
lifecycle with its clocks) and the response's due date; the per-clock data of
upheld.deadlines replaces `clocks_of` when it lands, and the template
(desk/complaint/_clocks.html) shows whatever this returns."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Complaint

RUNNING, PAUSED, STOPPED, BREACHED = "running", "paused", "stopped", "breached"
STATES = {
    RUNNING: _("running"),
    PAUSED: _("paused"),
    STOPPED: _("stopped"),
    BREACHED: _("breached"),
}


@dataclass(frozen=True)
class Clock:
    label: str
    due_at: datetime
    state: str
    left: timedelta  # negative when late

    @property
    def late(self) -> bool:
        return self.left < timedelta(0)

    @property
    def overdue_by(self) -> timedelta:
        return -self.left

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])


def clocks_of(complaint: Complaint, now: datetime) -> list[Clock]:
    waiting = complaint.status == "awaiting_complainant"
    found = []
    for label, due in (
        (_("Final response"), complaint.response_due_at),
        (_("Next due"), complaint.next_due_at),
    ):
        if due is None or any(c.due_at == due for c in found):
            continue
        if not complaint.is_open:
            state = STOPPED
        elif due < now:
            state = BREACHED
        else:
            state = PAUSED if waiting else RUNNING
        found.append(Clock(str(label), due, state, due - now))
    return found

"""The lifecycle's side of the clocks (ISO 10002 7.3; capability 16): every move, after its
change, applies its effect on the complaint's clocks (deadlines/clocks.py, from the rules
and the fixed table there) in the same transaction, and the complaint's next due instant
and promised response follow. A move never writes a clock itself."""

import json
from datetime import datetime

from django.utils import timezone

from upheld.core import rows
from upheld.deadlines import clocks as deadline_clocks
from upheld.deadlines.models import Calendar, Clock

from ..models import Complaint
from ..models.complaint import TERMINAL


def plan_at_receipt(complaint: Complaint) -> list[Clock]:
    """The clocks a new complaint starts with (not saved); sets its regime and due dates."""
    regime, clocks = deadline_clocks.plan_at_receipt(
        complaint.received_at, team_id=complaint.team_id, now=timezone.now()
    )
    complaint.regime = regime
    complaint.next_due_at, complaint.response_due_at = deadline_clocks.summarise(clocks, None)
    return clocks


# The columns of a clock row the batch path writes (lifecycle/batch), beside complaint_id.
CLOCK_COLUMNS = (
    "key", "title", "regime", "cycle", "unit", "amount", "pauses", "binding", "promised",
    "points", "stops_on", "calendar_id", "started_at", "started_by", "extension", "due_at",
    "next_point", "next_point_at", "at_risk_at",
)  # fmt: skip


class Planner:
    """The clocks of imported complaints, from the same functions as a single receipt's.
    Received instants repeat in an import (a day's complaints), so each is planned once."""

    def __init__(self, now: datetime):
        self.now = now
        self._planned: dict[datetime, tuple] = {}
        # Read once for the batch: inside the import's transaction, which writes rows the
        # per-process look-ups watch (new categories), every read would go to the database.
        self._profiles = deadline_clocks.current()
        self._calendars = Calendar.every()

    def at_receipt(
        self, received_at: datetime
    ) -> tuple[str, datetime | None, datetime | None, tuple]:
        """(regime, next due, promised response, clock rows) for a complaint received then."""
        known = self._planned.get(received_at)
        if known is None:
            regime, clocks = deadline_clocks.plan_at_receipt(
                received_at, now=self.now, profiles=self._profiles, calendars=self._calendars
            )
            next_due, promised = deadline_clocks.summarise(clocks, None)
            rows = tuple(
                tuple(
                    json.dumps(c.points) if name == "points" else getattr(c, name)
                    for name in CLOCK_COLUMNS
                )
                for c in clocks
            )
            known = (regime, next_due, promised, rows)
            self._planned[received_at] = known
        return known


def start(complaint: Complaint, planned: list[Clock]) -> None:
    """Save the clocks planned at receipt, once the complaint has its id."""
    for clock in planned:
        clock.complaint = complaint
    rows.insert_many(planned)


def after_move(complaint: Complaint, move: str) -> None:
    """Apply `move`'s effect on the clocks and keep the complaint's summaries. A move that
    reports facts for conditional clocks (an MDR evaluation) sets `complaint._clock_facts`."""
    facts = getattr(complaint, "_clock_facts", None)
    ended = complaint.status in TERMINAL
    clocks = deadline_clocks.after_move(complaint, move, timezone.now(), ended=ended, facts=facts)
    if clocks is None:
        return
    summary = deadline_clocks.summarise(clocks, complaint.response_due_at)
    if summary != (complaint.next_due_at, complaint.response_due_at):
        complaint.next_due_at, complaint.response_due_at = summary
        Complaint.objects.filter(pk=complaint.pk).update(
            next_due_at=complaint.next_due_at, response_due_at=complaint.response_due_at
        )

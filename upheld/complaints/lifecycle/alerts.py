"""What the clocks make Upheld do (ISO 10002 4.4, 5.3.1, 5.3.2, 7.3; DISP 1.6.1R(2);
capability 15, 17, 19): at each point of a clock, a reminder to the handler, a progress
update to the complainant, or, at breach, escalation to the managers; and at once, when a
complaint is assessed as significant, notice to top management. Each is a trail event and
its messages, written in one transaction with the complaint locked: it happens exactly
once, however many workers run, and a worker killed before it commits leaves it for the
next pass (`run_due_points`, every minute), which finds it by its instant (an index)."""

import logging
import time
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone

from upheld.deadlines import clocks as deadline_clocks
from upheld.deadlines.models import Clock, ClockAlert
from upheld.notify import notices
from upheld.notify.notices import people_of

from .. import events
from ..actors import SYSTEM
from ..models import ASSESSMENT_SCALES, Complaint, EventKind
from ..roles import COMPLAINTS_MANAGER, TOP_MANAGEMENT
from ._machine import _locked
from .ways import write

log = logging.getLogger(__name__)

EVENT_OF = {
    "remind": EventKind.REMINDER_SENT,
    "update": EventKind.PROGRESS_UPDATE_SENT,
    "escalate": EventKind.TIME_LIMIT_ESCALATED,
}


def members(*roles: str) -> list:
    """The active users of these roles, in a stable order (each is told as they chose:
    on the desk, by e-mail, or both — notify.notices)."""
    User = get_user_model()
    return list(
        User.objects.filter(groups__name__in=roles, is_active=True).distinct().order_by("pk")
    )


def act_on_clock(complaint, *, by=SYSTEM, clock: int, now: datetime | None = None) -> Complaint:
    """Act on the clock's point that is due (a system move: only Upheld makes it). Points
    passed while no worker ran are not all acted on: the latest is (one escalation, not
    the reminder before it too)."""
    now = now or timezone.now()
    with _locked(complaint, "act_on_clock", by) as (c, actor):
        row = Clock.objects.filter(pk=clock, complaint=c).first()
        point = deadline_clocks.take_due_point(row, now) if row is not None else None
        if row is None or point is None:
            return c
        index, action, due_at = point
        if ClockAlert.objects.filter(clock=row, point=index).exists():
            # Acted on before (a restore or an edit put the point back): the clock has
            # moved past it (saved above) and nothing is sent or recorded again.
            return c
        ClockAlert.objects.create(clock=row, point=index, action=action, due_at=due_at, sent_at=now)
        context = {
            "clock": row.key,
            "title": row.title,
            "due_at": row.due_at.isoformat(),
            "point_at": due_at.isoformat(),
        }
        data: dict[str, object] = {**context}
        if action == "update":  # by their way, from the template, with the clock's dates
            letter = {"clock": row.key, "due_at": context["due_at"]}
            data["written"] = write(c, "progress_update", context=letter) or "no"
        else:
            if action == "remind":  # at risk: whoever works it, else the managers
                people = people_of([c.assignee]) or members(COMPLAINTS_MANAGER)
            else:  # breached: whoever works it and the managers
                people = [c.assignee, *members(COMPLAINTS_MANAGER)]
            kind = "time_limit_reminder" if action == "remind" else "time_limit_escalation"
            told = notices.tell(people, kind, complaint=c, context=context)
            data["told"] = [p.pk for p in told]
        events.append(c, EVENT_OF[action], actor, data, public=action == "update")
    return c


def run_due_points(now: datetime | None = None, *, batch: int = 200, budget: float = 50) -> int:
    """The periodic pass (every worker, every minute): act on every clock point whose
    instant has come, oldest first, until none is left or `budget` seconds are spent.
    Idempotent and safe beside itself: each point is taken under the complaint's lock."""
    now = now or timezone.now()
    done, started, failed = 0, time.monotonic(), set[int]()
    while time.monotonic() - started < budget:
        due = list(
            Clock.objects.filter(next_point_at__lte=now)
            .exclude(pk__in=failed)  # a point that fails never holds up those behind it
            .order_by("next_point_at", "pk")
            .values_list("pk", "complaint_id")[:batch]
        )
        if not due:
            break
        for clock_pk, complaint_pk in due:
            try:
                act_on_clock(complaint_pk, clock=clock_pk, now=now)
                done += 1
            except IntegrityError:  # another worker took this point first: nothing to do
                log.info("Clock %s: its point was taken by another worker", clock_pk)
                failed.add(clock_pk)
        if len(due) < batch:
            break
    return done


# ---------------------------------------------------------------- 5.3.1 significant complaints


def is_significant(complaint: Complaint) -> bool:
    """ISO 10002 7.5, 5.3.1(g): a safety implication, or the highest severity."""
    return bool(complaint.safety_implication) or complaint.severity == ASSESSMENT_SCALES["severity"]


def tell_top_management(c: Complaint, actor) -> None:
    """Called by `assess` inside its lock: the first time a complaint is assessed as
    significant, top management (and the complaints managers) are told at once."""
    if not is_significant(c):
        return
    if c.events.filter(kind=EventKind.TOP_MANAGEMENT_NOTIFIED).exists():
        return
    context = {"severity": c.severity, "safety_implication": bool(c.safety_implication)}
    people = notices.tell(
        members(TOP_MANAGEMENT, COMPLAINTS_MANAGER),
        "significant_complaint",
        complaint=c,
        context=context,
    )
    events.append(
        c, EventKind.TOP_MANAGEMENT_NOTIFIED, actor, {**context, "told": [p.pk for p in people]}
    )

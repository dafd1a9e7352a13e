"""The desk's queues, defined in one place (ISO 10002 7.3 tracking, 5.3 who works what):
each is a filter over the complaints the viewer may read (visibility.py) and an order.
A queue is redefined here and only here (e.g. when the clocks say what is at risk)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Status
from upheld.complaints.models.complaint import TERMINAL
from upheld.organisation.teams import teams

OPEN = ~Q(status__in=TERMINAL)
NOTHING = Q(pk__in=[])


def due_soon_days() -> int:
    return int(getattr(settings, "UPHELD_DESK_DUE_SOON_DAYS", 5))


def recently_closed_days() -> int:
    return int(getattr(settings, "UPHELD_DESK_RECENTLY_CLOSED_DAYS", 30))


@dataclass(frozen=True)
class Queue:
    name: str
    title: Promise
    # "due": soonest due first, then priority (nulls last); "closed": newest closed first.
    order: str

    def where(self, user, now: datetime) -> Q:
        return WHERE[self.name](user, now)


def _mine(user, now):
    return OPEN & Q(assignee_id=user.pk)


def _team(user, now):
    mine = teams().of(user.pk)
    return OPEN & Q(team_id__in=sorted(mine)) if mine else NOTHING


def _due_soon(user, now):
    return OPEN & Q(next_due_at__gte=now, next_due_at__lt=now + timedelta(days=due_soon_days()))


def _closed(user, now):
    return Q(status__in=TERMINAL, closed_at__gte=now - timedelta(days=recently_closed_days()))


WHERE = {
    "mine": _mine,
    "team": _team,
    "unassigned": lambda user, now: OPEN & Q(assignee__isnull=True),
    "due_soon": _due_soon,
    "breached": lambda user, now: OPEN & Q(next_due_at__lt=now),
    "awaiting": lambda user, now: Q(status=Status.AWAITING_COMPLAINANT),
    "escalated": lambda user, now: Q(status=Status.ESCALATED),
    "recently_closed": _closed,
    "all": lambda user, now: Q(),
}

QUEUES: dict[str, Queue] = {
    q.name: q
    for q in (
        Queue("mine", _("Assigned to me"), "due"),
        Queue("team", _("My teams' complaints"), "due"),
        Queue("unassigned", _("Unassigned"), "due"),
        Queue("due_soon", _("Due soon"), "due"),
        Queue("breached", _("Past their due time"), "due"),
        Queue("awaiting", _("Waiting for the complainant"), "due"),
        Queue("escalated", _("Under internal review"), "due"),
        Queue("recently_closed", _("Recently closed"), "closed"),
        Queue("all", _("All complaints I may read"), "due"),
    )
}

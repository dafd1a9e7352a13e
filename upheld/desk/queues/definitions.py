"""The desk's queues, defined in one place (ISO 10002 7.3 tracking, 5.3 who works what):
each is a filter over the complaints the viewer may read (visibility.py) and an order.
A queue is redefined here and only here.

Two queues are lists of time limits rather than of complaints: "due soon" (at risk: the
clock's first reminder has come, by its regime's own lead time, and it is not yet due) and
"past their due time" (breached). They read the running clocks through the same selector as
the API's /clocks/at-risk and /clocks/breached (complaints.selectors.clocks_due), so the
desk and the API never disagree on what is late; a complaint with two late limits is listed
once for each, with the limit named."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Status
from upheld.complaints.models.complaint import OPEN, TERMINAL
from upheld.organisation.teams import teams

NOTHING = Q(pk__in=[])


def recently_closed_days() -> int:
    return int(getattr(settings, "UPHELD_DESK_RECENTLY_CLOSED_DAYS", 30))


@dataclass(frozen=True)
class Queue:
    name: str
    title: Promise
    # "due": soonest due first, then priority (nulls last); "closed": newest closed first;
    # "clock": time limits by due instant (clocks_due), `breached` or at risk.
    order: str
    breached: bool = False

    def where(self, user, now: datetime) -> Q:
        return WHERE[self.name](user, now)


def _mine(user, now):
    return OPEN & Q(assignee_id=user.pk)


def _team(user, now):
    mine = teams().of(user.pk)
    return OPEN & Q(team_id__in=sorted(mine)) if mine else NOTHING


def _closed(user, now):
    return Q(status__in=TERMINAL, closed_at__gte=now - timedelta(days=recently_closed_days()))


WHERE = {
    "mine": _mine,
    "team": _team,
    "unassigned": lambda user, now: OPEN & Q(assignee__isnull=True),
    # The clock queues' complaints: open (a running clock's complaint is); the clocks
    # themselves are chosen by clocks_due.
    "due_soon": lambda user, now: OPEN,
    "breached": lambda user, now: OPEN,
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
        Queue("due_soon", _("Due soon"), "clock"),
        Queue("breached", _("Past their due time"), "clock", breached=True),
        Queue("awaiting", _("Waiting for the complainant"), "due"),
        Queue("escalated", _("Under internal review"), "due"),
        Queue("recently_closed", _("Recently closed"), "closed"),
        Queue("all", _("All complaints I may read"), "due"),
    )
}

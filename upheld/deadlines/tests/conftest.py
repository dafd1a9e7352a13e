"""Fixtures for the time-limit tests: complaints received at a chosen instant (time-machine
moves the clock of the whole process), under a chosen regime, on a chosen calendar."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from upheld.complaints import lifecycle
from upheld.complaints.tests import conftest as lifecycle_fixtures
from upheld.deadlines import seed
from upheld.deadlines.models import Calendar, Profile

# The cast of ISO 10002 5.3 (handler, manager, reviewer), as the lifecycle tests have it.
cast = lifecycle_fixtures.cast
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
RECEIPT = {
    "channel": "phone",
    "description": "I was charged twice for the same order.",
    "complainant": {"name": "Ada Lovelace", "email": "ada@example.org"},
    "product": "Current account",
    "remedy_sought": "Refund the second charge.",
}


def at(y, m, d, h=0, mi=0, s=0, us=0, tz=LONDON) -> datetime:
    return datetime(y, m, d, h, mi, s, us, tzinfo=tz)


def eod(y, m, d, tz=LONDON) -> datetime:
    """The end of a day, where calendar-day limits end."""
    return at(y, m, d, 23, 59, 59, 999999, tz=tz)


def cob(y, m, d, tz=LONDON) -> datetime:
    """Close of business (17:00), where business-day limits end."""
    return at(y, m, d, 17, tz=tz)


class Clockwork:
    """Moves made at given instants, through the real lifecycle."""

    def __init__(self, cast):
        self.cast = cast

    def on(self, when: datetime, fn, *args, **kwargs):
        with time_machine.travel(when, tick=False):
            return fn(*args, **kwargs)

    def receive(self, when: datetime, **overrides):
        return self.on(when, lifecycle.receive, **{**RECEIPT, **overrides}, by=self.cast.handler)

    def make(self, when: datetime, move: str, complaint, by=None, **overrides):
        by = by or self.cast.manager
        return self.on(when, self.cast.make, move, complaint, by=by, **overrides)


def clocks(complaint, *, running_only: bool = True) -> dict:
    qs = complaint.clocks.all()
    if running_only:
        qs = qs.filter(stopped_at__isnull=True)
    return {k.key: k for k in qs.order_by("started_at", "pk")}


def use_profile_at_receipt(regime: str) -> None:
    seed.ensure()
    for profile in Profile.objects.all():
        profile.applies_at_receipt = profile.regime == regime
        if not profile.applies_at_receipt:
            profile.save()
    profile = Profile.objects.get(regime=regime)
    profile.applies_at_receipt = True
    profile.save()


def use_calendar(**fields) -> None:
    calendar, _ = Calendar.objects.get_or_create(pk=1)
    for name, value in fields.items():
        setattr(calendar, name, value)
    calendar.full_clean()
    calendar.save()


@pytest.fixture
def clockwork(cast):
    return Clockwork(cast)

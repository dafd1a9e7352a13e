"""The organisation's local time zone, for showing instants (ISO 10002 7.3: "we will
respond by 25 January" must be the date in the organisation's zone, not in UTC, or a limit
ending at 23:59 in New York shows as the next day). The deadlines app keeps the business
calendar and registers where the zone comes from; pages (web middleware) and messages
(notify) read it here, so neither depends on the app that keeps it."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from django.utils import timezone

_provider: Callable[[], str] | None = None


def register(provider: Callable[[], str]) -> None:
    global _provider
    _provider = provider


def zone() -> ZoneInfo | None:
    """The local zone, or None when no app provides one (the setting TIME_ZONE applies)."""
    return ZoneInfo(_provider()) if _provider is not None else None


class _Local(tzinfo):
    """The local zone, looked up only when an instant is first shown with it (a page or an
    API answer that shows none costs nothing), then kept for the request."""

    def __init__(self, provider: Callable[[], str]):
        self._provider = provider
        self._zone: ZoneInfo | None = None

    @property
    def zone(self) -> ZoneInfo:
        if self._zone is None:
            self._zone = ZoneInfo(self._provider())
        return self._zone

    @property
    def key(self) -> str:
        return self.zone.key

    def __str__(self) -> str:
        # Django names the active zone to the database (AT TIME ZONE, SQLite's date
        # functions) by tzname(None) or str(zone); a zone's tzname(None) is None.
        return self.key

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self.zone.utcoffset(dt)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self.zone.dst(dt)

    def tzname(self, dt: datetime | None) -> str | None:
        return self.zone.tzname(dt)

    def fromutc(self, dt: datetime) -> datetime:
        return self.zone.fromutc(dt.replace(tzinfo=self.zone)).replace(tzinfo=self)


@contextmanager
def active() -> Iterator[None]:
    """Show instants in the local zone inside the block."""
    if _provider is None:
        yield
        return
    with timezone.override(_Local(_provider)):
        yield


class LocalTimeMiddleware:
    """Every page shows instants in the organisation's zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with active():
            return self.get_response(request)

"""Business calendars: the arithmetic every time limit is counted with (ISO 10002 4.4, 7.3;
DISP 1.5, 1.6.2R, 1.6.2AR; 21 CFR 803.53). Pure: it knows nothing of complaints.

A calendar is the organisation's time zone, its working days and opening hours, the public
holidays of its country (and subdivision) from the `holidays` package, and its own closure
days. Three kinds of limit are counted with it:

- calendar days ("eight weeks after receipt", DISP 1.6.2R; "30 calendar days", 803.50):
  the limit ends at the end of the local day, 23:59:59.999999 (`add_calendar_days`);
- business days ("by close of business on the third business day after the day of
  receipt", DISP 1.5; "15 business days", DISP 1.6.2AR; "5 work days", 803.53): the day of
  the start never counts, and the limit ends at close of business (`add_business_days`);
- working hours ("acknowledge within N working hours", ISO 10002 7.4 as the organisation
  sets it): time inside the opening hours of business days (`add_working_hours`).

Time zones and daylight saving. Every instant going in must be aware (a naive datetime is a
ValueError, never silently read as UTC or local); every instant coming out is aware and in
the calendar's zone. Opening hours are wall-clock times: 09:00 is 09:00 local whatever the
offset that day, so a working day across a change of offset lasts the real elapsed time
between its opening and its closing. A wall-clock time the change makes ambiguous (the hour
repeated in autumn) or non-existent (the hour skipped in spring) is read as the LATER of its
two possible instants: in a repeated hour, its second occurrence; in a skipped hour, the
offset in force before the change, which moves it forward by the length of the gap (01:30 on
the night London springs forward is 02:30 BST) — the reading of PEP 495 and java.time.
Internally all arithmetic is done in UTC: Python adds and subtracts datetimes sharing a
tzinfo as wall-clock times, which is wrong across a change of offset. For callers: an
instant in a repeated hour comes back with fold=1, and Python never finds such a datetime
equal (==) to one in another zone (PEP 495); compare results with `.astimezone(UTC)` or
store them (Django stores UTC). Ordering (<, >) is not affected.

Speed: holidays are built once per (country, subdivision, year) and business days once per
(calendar rules, year), in module-level caches, as sorted day numbers; counting and stepping
business days is then a binary search, whatever the distance.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

CLOSURE_DAY = "closure day"

_MICROSECOND = timedelta(microseconds=1)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=256)
def _check_region(country: str, subdivision: str) -> None:
    """Raise ValueError naming an unknown country or subdivision (cached when known)."""
    try:
        holidays.country_holidays(country, subdiv=subdivision or None, years=())
    except (NotImplementedError, KeyError, ValueError) as error:
        supported = holidays.list_supported_countries()
        if country not in supported and not _is_country_alias(country):
            raise ValueError(
                f"unknown country {country!r} for public holidays: use an ISO 3166-1 "
                "alpha-2 code the holidays package supports, such as 'GB' or 'US'"
            ) from error
        known = ", ".join(supported.get(country, [])) or "none"
        raise ValueError(
            f"unknown subdivision {subdivision!r} of country {country!r} for public "
            f"holidays (known subdivisions: {known}; '' for national holidays only)"
        ) from error


def _is_country_alias(country: str) -> bool:
    try:
        holidays.country_holidays(country, years=())
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


@lru_cache(maxsize=4096)
def _public_holidays(country: str, subdivision: str, year: int) -> Mapping[date, str]:
    """The public holidays of one year, built once: {day: name} (days of that year only)."""
    _check_region(country, subdivision)
    built = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return MappingProxyType({day: name for day, name in built.items() if day.year == year})


@lru_cache(maxsize=4096)
def _business_days_of_year(
    country: str,
    subdivision: str,
    workdays: frozenset[int],
    closure_days: frozenset[date],
    year: int,
) -> tuple[int, ...]:
    """The business days of one year as sorted proleptic ordinals (date.toordinal)."""
    public = _public_holidays(country, subdivision, year)
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    return tuple(
        ordinal
        for ordinal in range(first, last + 1)
        # date.fromordinal(1) is Monday 1 January of year 1, so weekday == (ordinal - 1) % 7.
        if (ordinal - 1) % 7 in workdays
        and (day := date.fromordinal(ordinal)) not in public
        and day not in closure_days
    )


def parse_days(text: str) -> frozenset[date]:
    """The organisation's closure days, entered one ISO date (YYYY-MM-DD) per line.

    Blank lines are skipped and anything after `#` is a comment ("2026-12-24  # Christmas
    Eve"). A line that is not a real date raises ValueError naming the line and its number.
    """
    days: set[date] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            if not _ISO_DAY.fullmatch(line):
                raise ValueError(line)
            days.add(date.fromisoformat(line))
        except ValueError:
            raise ValueError(
                f"line {number}: {raw.strip()!r} is not a date written YYYY-MM-DD"
            ) from None
    return frozenset(days)


def format_days(days: frozenset[date] | set[date]) -> str:
    """The inverse of parse_days: one ISO date per line, in order."""
    return "\n".join(day.isoformat() for day in sorted(days))


@dataclass(frozen=True)
class BusinessCalendar:
    """The working time of an organisation (or of a team where it differs), ISO 10002 7.3.

    Raises ValueError at construction for an unknown zone, country or subdivision, no
    working days, or opening hours that do not open before they close.
    """

    tz: str = "Europe/London"
    country: str = "GB"
    subdivision: str = ""
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    opens: time = time(9, 0)
    closes: time = time(17, 0)
    closure_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValueError(f"unknown time zone {self.tz!r}: use an IANA name") from None
        workdays = frozenset(self.workdays)
        if not workdays or not workdays <= frozenset(range(7)):
            raise ValueError(
                f"working days {sorted(workdays)!r} must be one or more of 0 (Monday) to 6"
            )
        closure_days = frozenset(self.closure_days)
        if any(isinstance(day, datetime) or not isinstance(day, date) for day in closure_days):
            raise ValueError("closure days must be dates, not datetimes or text")
        for name in ("opens", "closes"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise ValueError(f"{name} must be a wall-clock time without a time zone")
        if not self.opens < self.closes:
            raise ValueError(f"opens ({self.opens}) must be before closes ({self.closes})")
        _check_region(self.country, self.subdivision)
        # Frozen: normalised sets and derived values are stored past the frozen __setattr__.
        object.__setattr__(self, "workdays", workdays)
        object.__setattr__(self, "closure_days", closure_days)
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "_rules", (self.country, self.subdivision, workdays, closure_days))

    # --- the zone -----------------------------------------------------------------------

    def zone(self) -> ZoneInfo:
        """The calendar's time zone; every instant returned is in it."""
        zone: ZoneInfo = self.__dict__["_zone"]
        return zone

    def local_date(self, instant: datetime) -> date:
        """The date of an aware instant in the calendar's zone (the "day of receipt", DISP 1.5)."""
        return _utc(instant).astimezone(self.zone()).date()

    # --- days -----------------------------------------------------------------------------

    def is_business_day(self, day: date) -> bool:
        """A working day that is neither a public holiday (country and subdivision) nor one
        of the organisation's closure days: the "business day" of DISP 1.5 and 1.6.2AR and
        the "work day" of 21 CFR 803.53."""
        return (
            day.weekday() in self.workdays
            and day not in self.closure_days
            and day not in _public_holidays(self.country, self.subdivision, day.year)
        )

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's name, "closure day" for the organisation's own, else None
        (a weekend is not a holiday). For showing why a day does not count (ISO 10002 7.3)."""
        name = _public_holidays(self.country, self.subdivision, day.year).get(day)
        if name is not None:
            return name
        return CLOSURE_DAY if day in self.closure_days else None

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day` (DISP 1.5)."""
        return self.business_days_after(day, 1)

    def business_days_after(self, day: date, n: int) -> date:
        """The nth business day strictly after `day`; `day` itself for n == 0 (DISP 1.5:
        "the third business day after the day of receipt"; DISP 1.6.2AR; 803.53)."""
        _check_count(n)
        if n == 0:
            return day
        year = day.year
        days = self._year(year)
        index = bisect_right(days, day.toordinal())
        while index + n > len(days):
            n -= len(days) - index
            year += 1
            days = self._year(year)
            index = 0
        return date.fromordinal(days[index + n - 1])

    def business_days_before(self, day: date, n: int) -> date:
        """The nth business day strictly before `day`; `day` itself for n == 0 (for
        reminders a number of business days ahead of a limit, ISO 10002 7.3)."""
        _check_count(n)
        if n == 0:
            return day
        year = day.year
        days = self._year(year)
        index = bisect_left(days, day.toordinal())  # days[:index] are before `day`
        while n > index:
            n -= index
            year -= 1
            days = self._year(year)
            index = len(days)
        return date.fromordinal(days[index - n])

    def count_business_days(self, start: date, end: date) -> int:
        """The number of business days d with start <= d < end; 0 if end <= start (the time
        taken, in business days, for monitoring against DISP 1.6.2AR, ISO 10002 8.4)."""
        if end <= start:
            return 0
        first, last = start.toordinal(), end.toordinal()
        total = 0
        for year in range(start.year, end.year + 1):
            days = self._year(year)
            low = bisect_left(days, first) if year == start.year else 0
            high = bisect_left(days, last) if year == end.year else len(days)
            total += high - low
        return total

    # --- instants -------------------------------------------------------------------------

    def end_of_day(self, day: date) -> datetime:
        """23:59:59.999999 local on `day`: where a limit in calendar days ends (DISP 1.6.2R
        "eight weeks", 21 CFR 803.50 "30 calendar days")."""
        return self._wall(day, time.max).astimezone(self.zone())

    def end_of_business_day(self, day: date) -> datetime:
        """`closes` local on `day`: "close of business" (DISP 1.5), where a limit in
        business days ends (DISP 1.6.2AR, 21 CFR 803.53)."""
        return self._wall(day, self.closes).astimezone(self.zone())

    def add_calendar_days(self, start: datetime, n: int) -> datetime:
        """The end of the nth local day after the day of `start` (DISP 1.6.2R: eight weeks
        = 56 days after receipt; 21 CFR 803.50: 30 calendar days after becoming aware)."""
        _check_count(n)
        return self.end_of_day(self.local_date(start) + timedelta(days=n))

    def add_business_days(self, start: datetime, n: int) -> datetime:
        """Close of business on the nth business day after the day of `start`; that day
        never counts, business day or not (DISP 1.5: "by close of business on the third
        business day after the day of receipt"; DISP 1.6.2AR: 15 and 35 business days;
        21 CFR 803.53: 5 work days). n == 0 is close of business on the day of `start`."""
        return self.end_of_business_day(self.business_days_after(self.local_date(start), n))

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The instant `hours` of working time after `start` (ISO 10002 7.4, e.g.
        "acknowledge within 8 working hours"). Working time is [opens, closes) on business
        days; before opening counts from opening, after closing from the next business
        day's opening. Used up exactly at closing, the result is that closing, not the next
        opening. 0 hours is `start` itself."""
        if not math.isfinite(hours) or hours < 0:
            raise ValueError(f"working hours must be a finite number >= 0, not {hours!r}")
        remaining = timedelta(microseconds=round(hours * 3_600_000_000))
        cursor = _utc(start)
        if remaining:
            for opening, closing in self._working_intervals(self.local_date(start)):
                if closing <= cursor:
                    continue
                cursor = max(cursor, opening)
                available = closing - cursor
                if remaining <= available:
                    cursor += remaining
                    break
                remaining -= available
                cursor = closing
        return cursor.astimezone(self.zone())

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Seconds of working time inside [start, end) (ISO 10002 8.4: time taken in working
        hours); 0.0 if end <= start. The inverse of add_working_hours."""
        return self.working_time_between(start, end) / timedelta(seconds=1)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time inside [start, end), exact to the microsecond."""
        low, high = _utc(start), _utc(end)
        total = timedelta(0)
        if high <= low:
            return total
        cursor = low
        for opening, closing in self._working_intervals(self.local_date(start)):
            if opening >= high:
                break
            begin, finish = max(cursor, opening), min(closing, high)
            if finish > begin:
                total += finish - begin
                cursor = finish
        return total

    # --- internals ------------------------------------------------------------------------

    def _year(self, year: int) -> tuple[int, ...]:
        if not date.min.year <= year <= date.max.year:
            raise ValueError(f"the count runs past the years datetime can hold (year {year})")
        return _business_days_of_year(*self.__dict__["_rules"], year)

    def _wall(self, day: date, wall: time) -> datetime:
        """The UTC instant of wall-clock `wall` on local `day`; the later of two readings
        when a change of offset makes it ambiguous or skips it (see the module's note)."""
        return _wall_utc(self.zone(), day, wall)

    def _working_intervals(self, from_day: date) -> Iterator[tuple[datetime, datetime]]:
        """[opening, closing) in UTC of each business day from the day before `from_day`
        (a closing moved past midnight by a skipped hour reaches into the next day), in
        order; an interval a change of offset leaves empty is skipped."""
        day = from_day - timedelta(days=1)
        year = day.year
        days = self._year(year)
        index = bisect_left(days, day.toordinal())
        while True:
            while index >= len(days):
                year += 1
                days = self._year(year)
                index = 0
            current = date.fromordinal(days[index])
            opening, closing = self._wall(current, self.opens), self._wall(current, self.closes)
            if closing > opening:
                yield opening, closing
            index += 1


@lru_cache(maxsize=65536)
def _wall_utc(zone: ZoneInfo, day: date, wall: time) -> datetime:
    """BusinessCalendar._wall, remembered: the same openings and closings are asked for
    again and again (every clock of every complaint received that week; an import plans
    thousands), and the answer for a zone, a day and a time never changes."""
    first = datetime.combine(day, wall, tzinfo=zone)
    second = first.replace(fold=1)
    offset, other = first.utcoffset(), second.utcoffset()
    assert offset is not None and other is not None
    if offset == other:
        return first.astimezone(UTC)
    return max(first.replace(tzinfo=None) - offset, second.replace(tzinfo=None) - other).replace(
        tzinfo=UTC
    )


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"a number of days must be a whole number >= 0, not {n!r}")


def _utc(instant: datetime) -> datetime:
    """The instant in UTC; a naive datetime is a ValueError (no guessing its zone)."""
    if not isinstance(instant, datetime):
        raise ValueError(f"expected an aware datetime, not {instant!r}")
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(
            f"naive datetime {instant.isoformat()}: pass an aware datetime (with a time zone)"
        )
    return instant.astimezone(UTC)

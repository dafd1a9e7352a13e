"""The arithmetic of a clock, as plain functions of values (no database): when it is due,
when each of its points falls, and how much a pause adds. deadlines/clocks.py applies them
to rows; tests and the batch path of imports call them directly.

A clock counts `amount` units from `start` on a business calendar (upheld.core.calendar):
- calendar days end at the end of the local day `amount` days after the day of start
  (FCA DISP 1.6.2R's eight weeks: 56 days; 21 CFR 803.50's 30 days);
- business days end at close of business on the `amount`th business day after the day of
  start, the day of start never counting (DISP 1.5, 1.6.2AR; 21 CFR 803.53's 5 work days);
- working hours end when that many opening hours have passed (an acknowledgement target).
A pause adds to `extension`, in the clock's unit (seconds for calendar days, business days
for business days, working seconds for working hours), never less than nothing: a pause
never brings a due instant forward, and nothing takes time back.
"""

from datetime import datetime, timedelta

from upheld.core.calendar import BusinessCalendar

CALENDAR_DAYS, BUSINESS_DAYS, WORKING_HOURS = "calendar_days", "business_days", "working_hours"
UNITS = (CALENDAR_DAYS, BUSINESS_DAYS, WORKING_HOURS)


def instant(
    cal: BusinessCalendar, unit: str, start: datetime, amount: int, extension: float = 0
) -> datetime:
    """The instant `amount` units after `start`, pushed back by `extension` (pauses)."""
    if amount < 0 or extension < 0:
        raise ValueError("a clock counts forward only")
    if unit == CALENDAR_DAYS:
        return cal.add_calendar_days(start, amount) + timedelta(seconds=extension)
    if unit == BUSINESS_DAYS:
        return cal.add_business_days(start, amount + int(extension))
    if unit == WORKING_HOURS:
        return cal.add_working_hours(start, amount + extension / 3600)
    raise ValueError(f"unknown unit {unit!r}")


def pause_extension(
    cal: BusinessCalendar, unit: str, paused_at: datetime, resumed_at: datetime
) -> float:
    """What a pause from `paused_at` to `resumed_at` adds to a clock, in its unit: the wall
    time for calendar days; for business days, each business day on which the clock was
    paused at any moment up to the day it resumed (a pause begun and ended on one day adds
    nothing); for working hours, the opening hours the pause covered."""
    if resumed_at <= paused_at:
        return 0.0
    if unit == CALENDAR_DAYS:
        return (resumed_at - paused_at).total_seconds()
    if unit == BUSINESS_DAYS:
        return float(cal.count_business_days(cal.local_date(paused_at), cal.local_date(resumed_at)))
    if unit == WORKING_HOURS:
        return cal.working_seconds_between(paused_at, resumed_at)
    raise ValueError(f"unknown unit {unit!r}")


def point_instants(
    cal: BusinessCalendar,
    unit: str,
    start: datetime,
    amount: int,
    extension: float,
    points: list[dict],
) -> list[datetime]:
    """The instant of each point ({"at": offset before the due instant, ≤ 0}), in order.
    A point at 0 is the due instant. One before it, in calendar days, falls at the time of
    day the clock started (a reminder seven days before an eight-week limit comes in the
    working day, not at midnight); in business days or working hours, where the limit's
    arithmetic puts it (close of business of that day; that many working hours)."""
    out = []
    for p in points:
        n = max(amount + int(p["at"]), 0)
        if unit == CALENDAR_DAYS and int(p["at"]) < 0:
            local = start.astimezone(cal.zone())
            day = datetime.combine(
                local.date() + timedelta(days=n), local.timetz().replace(tzinfo=None)
            )
            out.append(day.replace(tzinfo=cal.zone()) + timedelta(seconds=extension))
        else:
            out.append(instant(cal, unit, start, n, extension))
    return out


def check_points(amount: int, points: list[dict], actions: set[str]) -> list[str]:
    """What is wrong with a rule's points (for the admin): each {"at": n ≤ 0, "do": action},
    not before the start, in order."""
    problems = []
    last = None
    for i, p in enumerate(points):
        if not isinstance(p, dict) or set(p) != {"at", "do"}:
            problems.append(f'point {i + 1}: write it as {{"at": -2, "do": "remind"}}')
            continue
        at, do = p["at"], p["do"]
        if not isinstance(at, int) or at > 0 or amount + at < 0:
            problems.append(f"point {i + 1}: 'at' must be a whole number from -{amount} to 0")
        elif last is not None and at < last:
            problems.append(f"point {i + 1}: points must be in order")
        else:
            last = at
        if do not in actions:
            problems.append(f"point {i + 1}: 'do' must be one of {', '.join(sorted(actions))}")
    return problems

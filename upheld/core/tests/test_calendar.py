"""Business-calendar arithmetic, as the rules count it: each row is a start, a limit and the
exact instant it ends, written with its UTC offset (ISO 10002 7.3; DISP 1.5, 1.6.2R,
1.6.2AR; 21 CFR 803.50, 803.53). Then properties: the arithmetic agrees with a naive
day-by-day count, never runs backwards, and working time added is working time counted."""

import math
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.core.calendar import CLOSURE_DAY, BusinessCalendar, format_days, parse_days

LONDON = "Europe/London"
NEW_YORK = "America/New_York"
LOS_ANGELES = "America/Los_Angeles"
SYDNEY = "Australia/Sydney"

ENG = BusinessCalendar(subdivision="ENG")
SCT = BusinessCalendar(subdivision="SCT")
NIR = BusinessCalendar(subdivision="NIR")
US = BusinessCalendar(tz=NEW_YORK, country="US")
US_CA = BusinessCalendar(tz=LOS_ANGELES, country="US", subdivision="CA")
US_NY = BusinessCalendar(tz=NEW_YORK, country="US", subdivision="NY")
AU_NSW = BusinessCalendar(tz=SYDNEY, country="AU", subdivision="NSW")
CALENDARS = {
    "ENG": ENG,
    "SCT": SCT,
    "NIR": NIR,
    "US": US,
    "US-CA": US_CA,
    "US-NY": US_NY,
    "AU-NSW": AU_NSW,
}


def at(tz: str, text: str) -> datetime:
    """A local wall-clock time in `tz`, e.g. at(LONDON, "2026-12-24 10:00")."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz))


def d(text: str) -> date:
    return date.fromisoformat(text)


def exactly(result: datetime, calendar: BusinessCalendar, expected: str) -> None:
    """The result is the instant `expected` (ISO with offset) and is in the calendar's zone."""
    assert isinstance(result.tzinfo, ZoneInfo) and result.tzinfo.key == calendar.tz
    assert result.isoformat() == expected
    # The same instant, compared in UTC: Python never finds a datetime in a repeated hour
    # (fold=1) equal to one in another zone.
    assert result.astimezone(UTC) == datetime.fromisoformat(expected).astimezone(UTC)


# --- calendar days: DISP 1.6.2R eight weeks, 21 CFR 803.50 thirty days -----------------------


@pytest.mark.parametrize(
    ("calendar", "start", "days", "due"),
    [
        # FCA: received Monday 30 Nov 2026 10:00, final response by the end of 8 weeks.
        ("ENG", "2026-11-30 10:00", 56, "2027-01-25T23:59:59.999999+00:00"),
        # Holidays and weekends do not matter to calendar days.
        ("ENG", "2026-12-24 16:00", 1, "2026-12-25T23:59:59.999999+00:00"),
        # Received 23:59 on a Friday: the Friday is the day of receipt.
        ("ENG", "2026-06-05 23:59", 1, "2026-06-06T23:59:59.999999+01:00"),
        # Received at 00:00 on a bank holiday.
        ("ENG", "2026-12-28 00:00", 56, "2027-02-22T23:59:59.999999+00:00"),
        # Across the spring and autumn changes: the day ends at local midnight.
        ("ENG", "2026-03-28 12:00", 1, "2026-03-29T23:59:59.999999+01:00"),
        ("ENG", "2026-03-20 12:00", 10, "2026-03-30T23:59:59.999999+01:00"),
        ("ENG", "2026-10-24 12:00", 1, "2026-10-25T23:59:59.999999+00:00"),
        ("ENG", "2027-03-27 12:00", 1, "2027-03-28T23:59:59.999999+01:00"),
        ("ENG", "2027-10-30 12:00", 1, "2027-10-31T23:59:59.999999+00:00"),
        # FDA: aware of a reportable event 1 Mar 2026, report within 30 calendar days.
        ("US", "2026-03-01 09:00", 30, "2026-03-31T23:59:59.999999-04:00"),
        ("US", "2026-10-15 09:00", 30, "2026-11-14T23:59:59.999999-05:00"),
        ("US", "2026-03-07 09:00", 1, "2026-03-08T23:59:59.999999-04:00"),
        ("US", "2026-10-31 09:00", 1, "2026-11-01T23:59:59.999999-05:00"),
        ("ENG", "2026-06-01 10:00", 0, "2026-06-01T23:59:59.999999+01:00"),
    ],
)
def test_calendar_days_end_at_the_end_of_the_local_day(calendar, start, days, due):
    cal = CALENDARS[calendar]
    exactly(cal.add_calendar_days(at(cal.tz, start), days), cal, due)


def test_the_day_of_an_instant_is_its_day_in_the_calendars_zone():
    # 03:59 UTC on Saturday is 23:59 on Friday in New York: Friday is the day of receipt.
    friday_night = datetime(2026, 6, 6, 3, 59, tzinfo=UTC)
    assert US.local_date(friday_night) == d("2026-06-05")
    exactly(US.add_business_days(friday_night, 1), US, "2026-06-08T17:00:00-04:00")
    exactly(US.add_calendar_days(friday_night, 1), US, "2026-06-06T23:59:59.999999-04:00")
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    assert ENG.local_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == d("2026-07-01")


# --- business days: DISP 1.5, DISP 1.6.2AR, 21 CFR 803.53 ----------------------------------


@pytest.mark.parametrize(
    ("calendar", "start", "days", "due"),
    [
        # DISP 1.5, received Thursday 24 Dec 2026: 25 Christmas, 26-27 weekend, 28 Boxing Day
        # (substitute); business days after the day of receipt: 29, 30, 31.
        ("ENG", "2026-12-24 10:00", 3, "2026-12-31T17:00:00+00:00"),
        # Received 23:59 on a Friday: Monday, Tuesday, Wednesday.
        ("ENG", "2026-12-18 23:59", 3, "2026-12-23T17:00:00+00:00"),
        # Received 00:00 on Easter Monday 2027 (a bank holiday, and BST): the day of receipt
        # does not count even though it is not a business day.
        ("ENG", "2027-03-29 00:00", 3, "2027-04-01T17:00:00+01:00"),
        ("ENG", "2026-12-25 00:00", 3, "2026-12-31T17:00:00+00:00"),
        # Easter 2027 in England: Good Friday 26 Mar, Easter Monday 29 Mar.
        ("ENG", "2027-03-25 12:00", 3, "2027-04-01T17:00:00+01:00"),
        # ... Scotland has Good Friday but not Easter Monday.
        ("SCT", "2027-03-25 12:00", 3, "2027-03-31T17:00:00+01:00"),
        # DISP 1.6.2AR: 15 business days, and 35 in exceptional circumstances.
        ("ENG", "2026-12-24 10:00", 15, "2027-01-19T17:00:00+00:00"),
        ("ENG", "2026-12-24 10:00", 35, "2027-02-16T17:00:00+00:00"),
        # 15 business days across BST starting (29 Mar 2026) and Easter (3 and 6 Apr 2026).
        ("ENG", "2026-03-20 11:00", 15, "2026-04-14T17:00:00+01:00"),
        # Over the changes of offset, close of business is 17:00 local either side.
        ("ENG", "2026-03-27 10:00", 1, "2026-03-30T17:00:00+01:00"),
        ("ENG", "2026-10-23 10:00", 1, "2026-10-26T17:00:00+00:00"),
        ("ENG", "2027-10-29 10:00", 1, "2027-11-01T17:00:00+00:00"),
        ("US", "2026-03-06 10:00", 1, "2026-03-09T17:00:00-04:00"),
        ("US", "2026-10-30 10:00", 1, "2026-11-02T17:00:00-05:00"),
        # 21 CFR 803.53, five work days on the US federal calendar.
        # Thanksgiving Thu 26 Nov 2026 (the Friday after is not federal).
        ("US", "2026-11-23 10:00", 5, "2026-12-01T17:00:00-05:00"),
        # Juneteenth Fri 19 Jun 2026.
        ("US", "2026-06-16 10:00", 5, "2026-06-24T17:00:00-04:00"),
        # 4 Jul 2027 is a Sunday: Independence Day is observed Monday 5 Jul.
        ("US", "2027-07-01 10:00", 5, "2027-07-09T17:00:00-04:00"),
        # California also closes the Friday after Thanksgiving.
        ("US-CA", "2026-11-23 10:00", 5, "2026-12-02T17:00:00-08:00"),
        # Sydney: daylight saving ends Sun 5 Apr 2026; Good Friday 3 Apr, Easter Monday 6 Apr.
        ("AU-NSW", "2026-04-02 10:00", 1, "2026-04-07T17:00:00+10:00"),
        # n = 0: close of business on the day itself.
        ("ENG", "2026-06-01 10:00", 0, "2026-06-01T17:00:00+01:00"),
    ],
)
def test_business_days_end_at_close_of_business(calendar, start, days, due):
    cal = CALENDARS[calendar]
    exactly(cal.add_business_days(at(cal.tz, start), days), cal, due)


@pytest.mark.parametrize(
    ("calendar", "day", "next_day", "holiday", "name"),
    [
        # England and Scotland part ways.
        ("ENG", "2025-12-31", "2026-01-02", "2026-01-01", "New Year's Day"),
        ("SCT", "2025-12-31", "2026-01-05", "2026-01-02", "New Year Holiday"),
        ("ENG", "2026-11-27", "2026-11-30", None, None),
        ("SCT", "2026-11-27", "2026-12-01", "2026-11-30", "Saint Andrew's Day"),
        ("ENG", "2027-03-26", "2027-03-30", "2027-03-29", "Easter Monday"),
        ("SCT", "2027-03-26", "2027-03-29", "2027-03-26", "Good Friday"),
        # Summer bank holiday: first Monday of August in Scotland, last in England.
        ("ENG", "2026-07-31", "2026-08-03", None, None),
        ("SCT", "2026-07-31", "2026-08-04", "2026-08-03", "Summer Bank Holiday"),
        ("ENG", "2026-08-28", "2026-09-01", "2026-08-31", "Late Summer Bank Holiday"),
        ("SCT", "2026-08-28", "2026-08-31", None, None),
        ("ENG", "2026-12-24", "2026-12-29", "2026-12-28", "Boxing Day (observed)"),
        # Northern Ireland: St Patrick's Day, and 12 July (a Sunday in 2026, so Monday 13th).
        ("NIR", "2026-03-16", "2026-03-18", "2026-03-17", "Saint Patrick's Day"),
        ("ENG", "2026-03-16", "2026-03-17", None, None),
        ("NIR", "2026-07-10", "2026-07-14", "2026-07-13", "Battle of the Boyne (observed)"),
        ("ENG", "2026-07-10", "2026-07-13", None, None),
        ("NIR", "2027-07-09", "2027-07-13", "2027-07-12", "Battle of the Boyne"),
        # US federal holidays.
        ("US", "2026-11-25", "2026-11-27", "2026-11-26", "Thanksgiving Day"),
        ("US", "2026-06-18", "2026-06-22", "2026-06-19", "Juneteenth National Independence Day"),
        ("US", "2027-07-02", "2027-07-06", "2027-07-05", "Independence Day (observed)"),
        ("US", "2026-07-02", "2026-07-06", "2026-07-03", "Independence Day (observed)"),
        # Juneteenth 2027 is a Saturday: observed Friday 18 June.
        (
            "US",
            "2027-06-17",
            "2027-06-21",
            "2027-06-18",
            "Juneteenth National Independence Day (observed)",
        ),
        # State holidays through the subdivision.
        ("US-CA", "2026-03-30", "2026-04-01", "2026-03-31", "Cesar Chavez Day"),
        ("US", "2026-03-30", "2026-03-31", None, None),
        ("US-CA", "2026-11-25", "2026-11-30", "2026-11-27", "Day After Thanksgiving"),
        ("US-NY", "2026-02-11", "2026-02-13", "2026-02-12", "Lincoln's Birthday"),
        ("US", "2026-02-11", "2026-02-12", None, None),
        # New South Wales: ANZAC Day on Saturday 25 Apr 2026, observed Monday 27th.
        ("AU-NSW", "2026-04-24", "2026-04-28", "2026-04-27", "ANZAC Day (observed)"),
    ],
)
def test_public_holidays_of_the_country_and_subdivision(calendar, day, next_day, holiday, name):
    cal = CALENDARS[calendar]
    assert cal.next_business_day(d(day)) == d(next_day)
    if holiday is not None:
        assert not cal.is_business_day(d(holiday))
        assert cal.holiday_name(d(holiday)) == name


def test_weekends_are_not_business_days_and_are_not_holidays():
    saturday, sunday, monday = d("2026-06-06"), d("2026-06-07"), d("2026-06-08")
    assert not ENG.is_business_day(saturday) and not ENG.is_business_day(sunday)
    assert ENG.is_business_day(monday)
    assert ENG.holiday_name(saturday) is None
    assert ENG.next_business_day(d("2026-06-05")) == monday
    # A holiday on a weekend keeps its name (Boxing Day 2026 is a Saturday).
    assert ENG.holiday_name(d("2026-12-26")) == "Boxing Day"
    # A six-day week: Saturdays count.
    six_days = BusinessCalendar(subdivision="ENG", workdays=frozenset({0, 1, 2, 3, 4, 5}))
    assert six_days.next_business_day(d("2026-06-05")) == saturday
    exactly(
        six_days.add_business_days(at(LONDON, "2026-06-05 12:00"), 2),
        six_days,
        "2026-06-08T17:00:00+01:00",
    )


@pytest.mark.parametrize(
    ("calendar", "day", "days", "after"),
    [
        ("ENG", "2026-12-24", 1, "2026-12-29"),
        ("ENG", "2026-12-24", 4, "2027-01-04"),  # 1 Jan 2027 is a bank holiday
        ("ENG", "2026-12-25", 1, "2026-12-29"),
        ("ENG", "2026-12-31", 1, "2027-01-04"),
        ("ENG", "2026-06-05", 0, "2026-06-05"),
        ("ENG", "2026-06-06", 0, "2026-06-06"),  # n = 0 is the day itself, business or not
        ("ENG", "2026-01-01", 253, "2026-12-31"),  # 253 in 2026, 1 Jan a holiday
        ("US", "2027-12-23", 1, "2027-12-27"),  # 24 Dec Christmas observed, 25-26 weekend
        ("US", "2027-12-30", 1, "2028-01-03"),  # 31 Dec 2027 is New Year's Day 2028 observed
    ],
)
def test_business_days_after_and_before(calendar, day, days, after):
    cal = CALENDARS[calendar]
    assert cal.business_days_after(d(day), days) == d(after)
    if cal.is_business_day(d(day)) or days == 0:
        assert cal.business_days_before(d(after), days) == d(day)


@pytest.mark.parametrize(
    ("calendar", "start", "end", "count"),
    [
        ("ENG", "2026-12-24", "2027-01-04", 4),  # 24, 29, 30, 31 (end excluded)
        ("ENG", "2026-12-24", "2027-01-05", 5),
        ("ENG", "2026-12-25", "2026-12-29", 0),
        ("ENG", "2026-06-01", "2026-06-01", 0),
        ("ENG", "2026-06-05", "2026-06-01", 0),
        # 261 weekdays in 2026; England: 1 Jan, 3 and 6 Apr, 4 and 25 May, 31 Aug, 25 and 28 Dec.
        ("ENG", "2026-01-01", "2027-01-01", 253),
        # Scotland: 1 and 2 Jan, 3 Apr, 4 and 25 May, 15 Jun (as the holidays package has it),
        # 3 Aug, 30 Nov, 25 and 28 Dec.
        ("SCT", "2026-01-01", "2027-01-01", 251),
        ("ENG", "2026-01-01", "2028-01-01", 506),
    ],
)
def test_count_business_days(calendar, start, end, count):
    assert CALENDARS[calendar].count_business_days(d(start), d(end)) == count


# --- the organisation's own closure days ---------------------------------------------------

CLOSED_XMAS = BusinessCalendar(
    subdivision="ENG", closure_days=frozenset({d("2026-12-29"), d("2026-12-30"), d("2026-12-31")})
)


def test_closure_days_do_not_count():
    assert not CLOSED_XMAS.is_business_day(d("2026-12-30"))
    assert CLOSED_XMAS.holiday_name(d("2026-12-30")) == CLOSURE_DAY == "closure day"
    # A public holiday keeps its own name if it is also a closure day.
    both = BusinessCalendar(subdivision="ENG", closure_days=frozenset({d("2026-12-25")}))
    assert both.holiday_name(d("2026-12-25")) == "Christmas Day"
    # DISP 1.5 from Thursday 24 Dec: 1 Jan is a bank holiday; 4, 5, 6 Jan.
    exactly(
        CLOSED_XMAS.add_business_days(at(LONDON, "2026-12-24 10:00"), 3),
        CLOSED_XMAS,
        "2027-01-06T17:00:00+00:00",
    )
    assert CLOSED_XMAS.count_business_days(d("2026-12-24"), d("2027-01-05")) == 2
    exactly(
        CLOSED_XMAS.add_working_hours(at(LONDON, "2026-12-24 16:00"), 2),
        CLOSED_XMAS,
        "2027-01-04T10:00:00+00:00",
    )


def test_closure_days_are_entered_one_iso_date_a_line():
    text = "2026-12-29\n\n  2026-12-30  # between Christmas and New Year\n# a comment\n2026-12-31\n"
    days = parse_days(text)
    assert days == frozenset({d("2026-12-29"), d("2026-12-30"), d("2026-12-31")})
    assert parse_days(format_days(days)) == days
    assert format_days(days) == "2026-12-29\n2026-12-30\n2026-12-31"
    assert parse_days("") == frozenset()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-12-29\n2026-12-3O\n", "line 2: '2026-12-3O'"),
        ("2026-02-30", "line 1: '2026-02-30'"),
        ("\n\n29/12/2026", "line 3: '29/12/2026'"),
        ("20261229", "line 1: '20261229'"),
    ],
)
def test_a_bad_closure_day_names_its_line(text, message):
    with pytest.raises(ValueError, match=message):
        parse_days(text)


# --- working hours (ISO 10002 7.4, as the organisation sets its targets) --------------------


@pytest.mark.parametrize(
    ("calendar", "start", "hours", "due"),
    [
        ("ENG", "2026-06-02 10:00", 2, "2026-06-02T12:00:00+01:00"),
        ("ENG", "2026-06-02 09:00", 0.25, "2026-06-02T09:15:00+01:00"),
        # Before opening counts from opening; after closing from the next opening.
        ("ENG", "2026-06-02 07:00", 2, "2026-06-02T11:00:00+01:00"),
        ("ENG", "2026-06-02 18:30", 1, "2026-06-03T10:00:00+01:00"),
        ("ENG", "2026-06-02 17:00", 0.5, "2026-06-03T09:30:00+01:00"),
        # Used up exactly at closing: that closing, not the next opening.
        ("ENG", "2026-06-02 09:00", 8, "2026-06-02T17:00:00+01:00"),
        ("ENG", "2026-06-02 12:00", 5, "2026-06-02T17:00:00+01:00"),
        ("ENG", "2026-06-02 12:00", 5.5, "2026-06-03T09:30:00+01:00"),
        # Over a night, a weekend, a bank holiday.
        ("ENG", "2026-06-02 15:00", 4, "2026-06-03T11:00:00+01:00"),
        ("ENG", "2026-06-05 16:00", 3, "2026-06-08T11:00:00+01:00"),
        ("ENG", "2026-08-28 16:00", 2, "2026-09-01T10:00:00+01:00"),
        # Christmas 2026: 2 h on the 24th, then 25-28 closed, 8 h on the 29th.
        ("ENG", "2026-12-24 15:00", 10, "2026-12-29T17:00:00+00:00"),
        ("ENG", "2026-12-24 15:00", 10.5, "2026-12-30T09:30:00+00:00"),
        # Received 23:59 on a Friday; at 00:00 on a bank holiday.
        ("ENG", "2026-06-05 23:59", 1, "2026-06-08T10:00:00+01:00"),
        ("ENG", "2026-08-31 00:00", 1, "2026-09-01T10:00:00+01:00"),
        # Over the changes of offset: 09:00 is 09:00 local either side.
        ("ENG", "2026-03-27 16:00", 2, "2026-03-30T10:00:00+01:00"),
        ("ENG", "2026-10-23 16:00", 2, "2026-10-26T10:00:00+00:00"),
        ("US", "2026-03-06 16:30", 1, "2026-03-09T09:30:00-04:00"),
        ("US", "2026-10-30 16:30", 1, "2026-11-02T09:30:00-05:00"),
        # Zero hours: the start itself.
        ("ENG", "2026-06-06 12:00", 0, "2026-06-06T12:00:00+01:00"),
    ],
)
def test_working_hours(calendar, start, hours, due):
    cal = CALENDARS[calendar]
    begin = at(cal.tz, start)
    result = cal.add_working_hours(begin, hours)
    exactly(result, cal, due)
    assert cal.working_seconds_between(begin, result) == hours * 3600


@pytest.mark.parametrize(
    ("calendar", "start", "end", "hours"),
    [
        ("ENG", "2026-06-02 10:00", "2026-06-02 12:00", 2),
        ("ENG", "2026-06-02 16:00", "2026-06-03 10:00", 2),
        ("ENG", "2026-06-05 16:00", "2026-06-08 10:00", 2),
        ("ENG", "2026-06-06 10:00", "2026-06-07 10:00", 0),
        ("ENG", "2026-06-03 10:00", "2026-06-02 10:00", 0),
        ("ENG", "2026-12-24 15:00", "2026-12-29 17:00", 10),
        ("ENG", "2026-03-27 09:00", "2026-03-30 17:00", 16),
        ("ENG", "2026-01-01 00:00", "2027-01-01 00:00", 253 * 8),
    ],
)
def test_working_seconds_between(calendar, start, end, hours):
    cal = CALENDARS[calendar]
    assert cal.working_seconds_between(at(cal.tz, start), at(cal.tz, end)) == hours * 3600


def test_a_wall_clock_time_a_change_of_offset_skips_or_repeats_is_read_as_the_later_instant():
    night = BusinessCalendar(
        tz=LONDON,
        country="GB",
        workdays=frozenset(range(7)),
        opens=time(0, 30),
        closes=time(1, 30),
    )
    # 29 Mar 2026: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist and is read with the
    # offset before the jump (01:30 UTC, 02:30 BST): the day's opening hours last 1 hour.
    exactly(night.end_of_business_day(d("2026-03-29")), night, "2026-03-29T02:30:00+01:00")
    spring = at(LONDON, "2026-03-29 00:00")
    assert night.working_seconds_between(spring, spring + timedelta(hours=20)) == 3600
    # 25 Oct 2026: 02:00 BST falls back to 01:00 GMT; 01:30 happens twice: the second one.
    closing = night.end_of_business_day(d("2026-10-25"))
    exactly(closing, night, "2026-10-25T01:30:00+00:00")
    assert closing.fold == 1
    autumn = at(LONDON, "2026-10-25 00:00")
    assert night.working_seconds_between(autumn, autumn + timedelta(hours=20)) == 2 * 3600
    exactly(night.add_working_hours(autumn, 2), night, "2026-10-25T01:30:00+00:00")


@pytest.mark.parametrize(
    ("calendar", "day", "end_of_day", "close_of_business"),
    [
        ("ENG", "2026-03-29", "2026-03-29T23:59:59.999999+01:00", "2026-03-29T17:00:00+01:00"),
        ("ENG", "2026-10-25", "2026-10-25T23:59:59.999999+00:00", "2026-10-25T17:00:00+00:00"),
        ("ENG", "2027-03-28", "2027-03-28T23:59:59.999999+01:00", "2027-03-28T17:00:00+01:00"),
        ("ENG", "2027-10-31", "2027-10-31T23:59:59.999999+00:00", "2027-10-31T17:00:00+00:00"),
        ("US", "2026-03-08", "2026-03-08T23:59:59.999999-04:00", "2026-03-08T17:00:00-04:00"),
        ("US", "2026-11-01", "2026-11-01T23:59:59.999999-05:00", "2026-11-01T17:00:00-05:00"),
        ("AU-NSW", "2026-04-05", "2026-04-05T23:59:59.999999+10:00", "2026-04-05T17:00:00+10:00"),
    ],
)
def test_end_of_day_and_close_of_business_on_the_days_the_clocks_change(
    calendar, day, end_of_day, close_of_business
):
    cal = CALENDARS[calendar]
    exactly(cal.end_of_day(d(day)), cal, end_of_day)
    exactly(cal.end_of_business_day(d(day)), cal, close_of_business)


# --- configuration errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "XX"}, "unknown country 'XX'"),
        ({"country": "GB", "subdivision": "ZZZ"}, r"unknown subdivision 'ZZZ'.*ENG, NIR, SCT, WLS"),
        ({"country": "US", "subdivision": "ENG"}, "unknown subdivision 'ENG' of country 'US'"),
        ({"tz": "Europe/Atlantis"}, "unknown time zone 'Europe/Atlantis'"),
        ({"workdays": frozenset()}, "working days"),
        ({"workdays": frozenset({7})}, "working days"),
        ({"opens": time(17), "closes": time(9)}, "opens"),
        ({"opens": time(9), "closes": time(9)}, "opens"),
        ({"closure_days": frozenset({"2026-12-29"})}, "closure days"),
    ],
)
def test_a_bad_calendar_is_refused_by_name(fields, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**fields)


def test_instants_must_be_aware_and_counts_whole_and_not_negative():
    naive = datetime(2026, 6, 2, 10, 0)
    for call in (
        lambda: ENG.local_date(naive),
        lambda: ENG.add_calendar_days(naive, 1),
        lambda: ENG.add_business_days(naive, 1),
        lambda: ENG.add_working_hours(naive, 1),
        lambda: ENG.working_seconds_between(naive, at(LONDON, "2026-06-03 10:00")),
    ):
        with pytest.raises(ValueError, match="naive datetime"):
            call()
    start = at(LONDON, "2026-06-02 10:00")
    with pytest.raises(ValueError, match="whole number"):
        ENG.add_business_days(start, -1)
    with pytest.raises(ValueError, match="whole number"):
        ENG.business_days_after(d("2026-06-02"), -1)
    for hours in (-1, math.nan, math.inf):
        with pytest.raises(ValueError, match="working hours"):
            ENG.add_working_hours(start, hours)


def test_sets_are_accepted_for_working_days_and_the_calendar_is_hashable():
    cal = BusinessCalendar(workdays={0, 1, 2}, closure_days={d("2026-06-03")})  # type: ignore[arg-type]
    assert cal.workdays == frozenset({0, 1, 2})
    assert cal == BusinessCalendar(
        workdays=frozenset({0, 1, 2}), closure_days=frozenset({d("2026-06-03")})
    )
    assert hash(cal) == hash(
        BusinessCalendar(workdays=frozenset({2, 1, 0}), closure_days=frozenset({d("2026-06-03")}))
    )
    assert cal.next_business_day(d("2026-06-02")) == d("2026-06-08")


# --- properties ---------------------------------------------------------------------------

ZONES = [LONDON, NEW_YORK, LOS_ANGELES, SYDNEY]
REGIONS = [("GB", "ENG"), ("GB", "SCT"), ("GB", "NIR"), ("US", "CA"), ("US", "NY"), ("AU", "NSW")]
FIRST, LAST = date(2024, 1, 1), date(2031, 12, 31)


@cache
def reference_holidays(country: str, subdivision: str) -> frozenset[date]:
    """The public holidays straight from the holidays package, all years at once."""
    return frozenset(
        holidays.country_holidays(country, subdiv=subdivision, years=range(2023, 2036))
    )


def naive_is_business_day(cal: BusinessCalendar, day: date) -> bool:
    return (
        day.weekday() in cal.workdays
        and day not in cal.closure_days
        and day not in reference_holidays(cal.country, cal.subdivision)
    )


def naive_after(cal: BusinessCalendar, day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        n -= naive_is_business_day(cal, day)
    return day


def naive_count(cal: BusinessCalendar, start: date, end: date) -> int:
    count = 0
    while start < end:
        count += naive_is_business_day(cal, start)
        start += timedelta(days=1)
    return count


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    country, subdivision = draw(st.sampled_from(REGIONS))
    # Opening hours of at least 30 minutes, from any time of day: some open or close inside
    # an hour that a change of offset skips or repeats.
    opens = draw(st.times(max_value=time(23, 0)))
    length = timedelta(seconds=draw(st.integers(1800, 86400)))
    closes = (datetime.combine(FIRST, opens) + length).time()
    if closes <= opens:
        closes = time.max
    return BusinessCalendar(
        tz=draw(st.sampled_from(ZONES)),
        country=country,
        subdivision=subdivision,
        workdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        opens=opens,
        closes=closes,
        closure_days=draw(st.frozensets(st.dates(FIRST, LAST), max_size=20)),
    )


days = st.dates(FIRST, date(2030, 12, 31))
instants = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.sampled_from([UTC, *map(ZoneInfo, ZONES)]),
)
hours = st.floats(min_value=0, max_value=200, allow_nan=False)
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def in_its_zone(cal: BusinessCalendar, result: datetime) -> bool:
    return isinstance(result.tzinfo, ZoneInfo) and result.tzinfo.key == cal.tz


@PROPERTY
@given(calendars(), days, st.integers(0, 60))
def test_business_days_agree_with_a_naive_day_by_day_count(cal, day, n):
    after = cal.business_days_after(day, n)
    assert after == naive_after(cal, day, n)
    assert cal.is_business_day(after) == naive_is_business_day(cal, after)
    assert cal.count_business_days(day + timedelta(days=1), after + timedelta(days=1)) == n
    if n:
        assert cal.is_business_day(after)
        assert cal.next_business_day(day) == naive_after(cal, day, 1)
        before = cal.business_days_before(after, n)
        assert before == day if cal.is_business_day(day) else before < day


@PROPERTY
@given(calendars(), days, st.integers(0, 500))
def test_counting_business_days_agrees_with_a_naive_count(cal, start, length):
    end = start + timedelta(days=length)
    assert cal.count_business_days(start, end) == naive_count(cal, start, end)
    assert cal.count_business_days(end, start) == 0 or length == 0


@PROPERTY
@given(calendars(), instants, instants, st.integers(0, 40), st.integers(0, 40))
def test_deadlines_never_run_backwards(cal, first, second, n, m):
    early, late = sorted((first, second))
    small, large = sorted((n, m))
    for result in (
        cal.add_business_days(early, small),
        cal.add_calendar_days(early, small),
    ):
        assert in_its_zone(cal, result)
    assert cal.add_business_days(early, small) <= cal.add_business_days(late, small)
    assert cal.add_business_days(early, small) <= cal.add_business_days(early, large)
    assert cal.add_calendar_days(early, small) <= cal.add_calendar_days(late, large)
    # A calendar-day limit ends at the last microsecond of its local day.
    due = cal.add_calendar_days(early, small)
    assert cal.local_date(due) == cal.local_date(early) + timedelta(days=small)
    assert cal.local_date(due + timedelta(microseconds=1)) == cal.local_date(due) + timedelta(
        days=1
    )
    # A business-day limit ends at close of business on a business day after the start's day.
    due = cal.add_business_days(early, small)
    assert cal.local_date(due) > cal.local_date(early) or small == 0
    if small:
        assert cal.is_business_day(cal.local_date(due))


@PROPERTY
@given(calendars(), instants, instants, hours, hours)
def test_working_hours_added_are_working_hours_counted(cal, first, second, h, k):
    early, late = sorted((first, second))
    low, high = sorted((h, k))
    due = cal.add_working_hours(early, low)
    assert in_its_zone(cal, due)
    assert due >= early
    assert math.isclose(cal.working_seconds_between(early, due), low * 3600, abs_tol=1e-6)
    assert due <= cal.add_working_hours(late, low)
    assert due <= cal.add_working_hours(early, high)
    # Working time is additive over adjacent spans.
    middle = late if late <= due else early
    whole = cal.working_time_between(early, due)
    assert whole == cal.working_time_between(early, middle) + cal.working_time_between(middle, due)

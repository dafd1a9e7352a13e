"""The organisation's business calendar (ISO 10002 7.3; DISP 1.5, 1.6.2AR; 21 CFR 803.53):
its time zone, working days and hours, the public holidays of its country and region
(the `holidays` package) and its own closure days. The row without a team is the
organisation's (the first migration writes it; there is one); a team that
works elsewhere (a Scottish office, a US branch) has a row of its own, and the clocks of its
complaints count on it (issue 8, point 1: "and of a team where it differs").

A clock keeps the calendar it started on (Clock.calendar): routing a complaint to another
team never moves a running clock, as editing a profile never does; the clocks it starts
from then on count on the new team's calendar."""

from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.core import calendar, lookups
from upheld.core.calendar import BusinessCalendar

DAYS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday")]
DAYS += [_("Saturday"), _("Sunday")]


class Calendar(models.Model):
    name = models.CharField(_("name"), max_length=100, default="Organisation")
    team = models.OneToOneField(
        "organisation.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar",
        verbose_name=_("team"),
        help_text=_("Empty for the organisation's calendar; a team whose days differ has its own."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/London",
        help_text=_("An IANA time zone, e.g. Europe/London, America/New_York."),
    )
    country = models.CharField(
        _("country (public holidays)"),
        max_length=2,
        default="GB",
        help_text=_("ISO 3166 code, e.g. GB, US, IE."),
    )
    subdivision = models.CharField(
        _("region (public holidays)"),
        max_length=10,
        blank=True,
        default="ENG",
        help_text=_("E.g. ENG, SCT, NIR or WLS for GB; CA or NY for US; empty for national only."),
    )
    workdays = models.CharField(
        _("working days"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("Days of the week, 0 = Monday … 6 = Sunday, separated by commas."),
    )
    opens = models.TimeField(_("opens"), default=time(9))
    closes = models.TimeField(
        _("closes (end of the business day)"),
        default=time(17),
        help_text=_("A limit in business days ends at this time on its last day."),
    )
    closure_days = models.TextField(
        _("closure days"),
        blank=True,
        help_text=_("Days the organisation is closed besides public holidays, one per line."),
    )

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.team_id is None:
            others = Calendar.objects.filter(team__isnull=True).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {"team": _("The organisation has its calendar already: choose a team.")}
                )
        try:
            self.business_calendar(strict=True)
        except ValueError as e:
            raise ValidationError(str(e)) from e
        if self.opens >= self.closes:
            raise ValidationError({"closes": _("The day must close after it opens.")})

    def workday_numbers(self) -> frozenset[int]:
        days = set()
        for part in self.workdays.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 0 <= int(part) <= 6:
                raise ValueError(f"working days: {part!r} is not a day from 0 to 6")
            days.add(int(part))
        if not days:
            raise ValueError("working days: at least one day is needed")
        return frozenset(days)

    def business_calendar(self, *, strict: bool = False) -> BusinessCalendar:
        cal = BusinessCalendar(
            tz=self.time_zone,
            country=self.country.upper(),
            subdivision=self.subdivision.upper(),
            workdays=self.workday_numbers(),
            opens=self.opens,
            closes=self.closes,
            closure_days=calendar.parse_days(self.closure_days),
        )
        if strict:
            try:
                ZoneInfo(self.time_zone)
            except (ZoneInfoNotFoundError, ValueError) as e:
                raise ValueError(f"time zone: {self.time_zone!r} is not a known time zone") from e
            cal.is_business_day(date.today())  # an unknown country or region raises here
        return cal

    @classmethod
    def organisation(cls) -> BusinessCalendar:
        """The organisation's calendar, read once per process (core/lookups.py)."""
        return cls.every().organisation

    @classmethod
    def every(cls) -> "Calendars":
        """Every calendar, read once per process and dropped when one changes."""
        return lookups.cached("business-calendars", cls._load)

    @classmethod
    def _load(cls) -> "Calendars":
        rows = list(cls.objects.order_by("pk"))
        own = next((row for row in rows if row.team_id is None), None) or cls()
        teams = [row for row in rows if row.team_id is not None]
        return Calendars(
            organisation=own.business_calendar(),
            by_pk={row.pk: row.business_calendar() for row in teams},
            of_team={row.team_id: row.pk for row in teams},
        )


@dataclass(frozen=True)
class Calendars:
    organisation: BusinessCalendar
    by_pk: dict[int, BusinessCalendar]  # the teams' calendars
    of_team: dict[int, int]  # team id → its calendar's pk

    def for_team(self, team_id: int | None) -> tuple[int | None, BusinessCalendar]:
        """(pk to record on a clock, calendar) for a complaint of that team: its own
        calendar, or the organisation's (recorded as None)."""
        pk = self.of_team.get(team_id) if team_id is not None else None
        return (pk, self.by_pk[pk]) if pk is not None else (None, self.organisation)

    def of_clock(self, calendar_id: int | None) -> BusinessCalendar:
        return self.by_pk.get(calendar_id or 0) or self.organisation


lookups.watch(Calendar)

"""The organisation's business calendar (ISO 10002 7.3; DISP 1.5, 1.6.2AR; 21 CFR 803.53):
its time zone, working days and hours, the public holidays of its country and region
(the `holidays` package) and its own closure days. Row 1 is the organisation's."""

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
        return lookups.cached("business-calendar", cls._load)

    @classmethod
    def _load(cls) -> BusinessCalendar:
        row = cls.objects.filter(pk=1).first() or cls(pk=1)
        return row.business_calendar()


lookups.watch(Calendar)

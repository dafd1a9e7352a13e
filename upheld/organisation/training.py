"""Competence of the people who handle complaints (ISO 10002 5.3.4, 6.4; capability row 43):
the courses the organisation runs, the training each role requires, and each person's
training records (course, version, date, expiry).

`missing(user, on)` names the required courses a person lacks or whose record has expired;
`shortfall(user, on)` adds whether the organisation refuses an assignment for it
(`Organisation.untrained_assignment`): the lifecycle's `assign` asks it once and refuses
with the reason or records the gap in the trail beside it. The organisation knows nothing
of complaints: roles are Django groups."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.core import lookups


class Course(models.Model):
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40, default="1")
    valid_for_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: a record of this course never expires."),
    )
    required_for = models.ManyToManyField(
        Group,
        blank=True,
        related_name="required_courses",
        verbose_name=_("required for the roles"),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="course_name_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class TrainingRecord(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_records",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="records", verbose_name=_("course")
    )
    completed_on = models.DateField(_("completed on"))
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("Empty: from the course's validity, or never."),
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["person", "course", "-completed_on"]
        indexes = [models.Index(fields=["person", "course"], name="training_person_course")]

    def __str__(self) -> str:
        return f"{self.person} — {self.course} ({self.completed_on})"

    def save(self, *args, **kwargs):
        if self.expires_on is None and self.course.valid_for_months:
            self.expires_on = _months_after(self.completed_on, self.course.valid_for_months)
        super().save(*args, **kwargs)


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover — one of the four is a valid day


def _requirements() -> dict[int, frozenset[int]]:
    """{group id: the ids of the courses it requires}, kept per process (core/lookups.py)."""
    out: dict[int, set[int]] = {}
    for group_id, course_id in Course.required_for.through.objects.values_list(
        "group_id", "course_id"
    ):
        out.setdefault(group_id, set()).add(course_id)
    return {k: frozenset(v) for k, v in out.items()}


def requirements() -> dict[int, frozenset[int]]:
    return lookups.cached("training-requirements", _requirements)


def missing(user, on: date) -> list[str]:
    """The courses a person's roles require that they have no valid record of on `on` (done
    on or before it, not expired), by name and version. No statement while no role requires
    any training; otherwise at most three."""
    required_by = requirements()
    if not required_by:
        return []
    required = set().union(*(required_by.get(g, ()) for g in _group_ids(user)))
    if not required:
        return []
    valid = set(
        TrainingRecord.objects.filter(person=user, course__in=required, completed_on__lte=on)
        .filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=on))
        .values_list("course_id", flat=True)
    )
    lacking = Course.objects.filter(pk__in=required - valid).order_by("name", "version")
    return [str(course) for course in lacking]


def shortfall(user, on: date) -> tuple[list[str], bool]:
    """The courses `user` lacks on `on` (missing) and whether the organisation refuses to
    assign a complaint to them for it (True) or only records the gap (False)."""
    lacking = missing(user, on)
    if not lacking:
        return [], False
    from .models import Organisation

    return lacking, Organisation.current().untrained_assignment == "refuse"


def _group_ids(user) -> list[int]:
    return list(user.groups.values_list("pk", flat=True))

"""The clocks a complaint carries (ISO 10002 7.3; DISP 1.5, 1.6; 21 CFR 803): one row per
clock started, with the rule it was started from copied onto it, so a later edit of the
profile never moves a clock already running. Written only by deadlines/clocks.py, which only
the lifecycle calls (complaints/lifecycle): a clock starts, pauses, resumes and stops with
the moves, and is never reset."""

from django.db import models

from ..regimes import Regime
from .profile import Unit


class Clock(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.CASCADE, related_name="clocks"
    )
    key = models.SlugField(max_length=40)
    title = models.CharField(max_length=200)
    regime = models.CharField(max_length=8, choices=Regime.choices)
    # How many times the complaint had been reopened when it started (a reopened
    # complaint keeps its clocks and gains new ones).
    cycle = models.PositiveSmallIntegerField(default=0)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    amount = models.PositiveIntegerField()
    pauses = models.BooleanField(default=False)
    binding = models.BooleanField(default=True)
    promised = models.BooleanField(default=False)
    points = models.JSONField(default=list, blank=True)
    stops_on = models.CharField(max_length=200)  # the moves that stop it, copied from its rule

    # The calendar it counts on, fixed when it starts (None: the organisation's).
    calendar = models.ForeignKey(
        "deadlines.Calendar", on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )
    started_at = models.DateTimeField()  # the instant it counts from
    started_by = models.CharField(max_length=40)  # the move
    # Time added by pauses, in the clock's unit: seconds for calendar days, business days
    # for business days, working seconds for working hours (engine.py).
    extension = models.FloatField(default=0)
    due_at = models.DateTimeField()
    paused_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.CharField(max_length=40, blank=True)
    # The first point not acted on yet, and its instant (None: none left, or not running).
    next_point = models.PositiveSmallIntegerField(default=0)
    next_point_at = models.DateTimeField(null=True, blank=True)
    # From when the clock is at risk: its first reminder point (None: no reminder).
    at_risk_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["complaint", "stopped_at"], name="clock_complaint_idx"),
            # The reconciliation pass: points due, oldest first.
            models.Index(
                fields=["next_point_at"],
                name="clock_next_point_idx",
                condition=models.Q(next_point_at__isnull=False),
            ),
            # Breached and at-risk lists: running binding clocks by due instant.
            models.Index(
                fields=["due_at"],
                name="clock_running_due_idx",
                condition=models.Q(stopped_at__isnull=True, binding=True),
            ),
            # A team's calendar is not deleted while clocks count on it (PROTECT's check).
            models.Index(
                fields=["calendar"],
                name="clock_calendar_idx",
                condition=models.Q(calendar__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def running(self) -> bool:
        return self.stopped_at is None and self.paused_at is None

    @property
    def met(self) -> bool | None:
        """Stopped by its due instant (None while it runs)."""
        if self.stopped_at is None:
            return None
        return self.stopped_at <= self.due_at


class ClockAlert(models.Model):
    """A point of a clock acted on (a reminder, an update, an escalation): at most one per
    point, whatever the number of workers (ISO 10002 4.4)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="alerts")
    point = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=16)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock", "point"], name="clock_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action} at {self.due_at:%Y-%m-%d %H:%M}"

"""Regime profiles as data (capability 56; README "Regime profiles"): each profile is a set
of clock rules, and each rule says when its clock starts, what stops it, how it counts,
whether it pauses while the complainant is asked, and what happens at its points
(reminders, updates to the complainant, escalation at breach). The complaints manager
keeps them in the admin; `seed.py` writes the defaults with their sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..regimes import Regime


class Unit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    BUSINESS_DAYS = "business_days", _("business days")
    WORKING_HOURS = "working_hours", _("working hours")


class Anchor(models.TextChoices):
    """Where a clock counts from: the move that starts it, the receipt of the complaint
    (DISP 1.6.2AR: the 35 business days run from receipt even though a holding response
    starts that clock), or a date the move gives (21 CFR 803: when the firm became aware)."""

    MOVE = "move", _("the move that starts it")
    RECEIPT = "receipt", _("the receipt of the complaint")
    GIVEN = "given", _("a date the move gives")


class Action(models.TextChoices):
    """What Upheld does at a point of a clock (ISO 10002 7.3, 4.4, 5.3.2)."""

    REMIND = "remind", _("remind the handler")
    UPDATE = "update", _("send the complainant a progress update")
    HOLDING = "holding", _("send the complainant a holding response")
    ESCALATE = "escalate", _("escalate to the managers")


class Profile(models.Model):
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices, unique=True)
    applies_at_receipt = models.BooleanField(
        _("applies at receipt"),
        default=False,
        help_text=_("The profile every complaint starts under until one is chosen (one only)."),
    )

    class Meta:
        verbose_name = _("regime profile")
        verbose_name_plural = _("regime profiles")
        ordering = ["regime"]
        constraints = [
            models.UniqueConstraint(
                fields=["applies_at_receipt"],
                condition=models.Q(applies_at_receipt=True),
                name="one_profile_applies_at_receipt",
            )
        ]

    def __str__(self) -> str:
        return self.get_regime_display()


class ClockRule(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="rules")
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=200, blank=True)
    starts_on = models.CharField(
        _("started by"), max_length=200, help_text=_("Move names, separated by commas.")
    )
    stops_on = models.CharField(
        _("stopped by"), max_length=200, help_text=_("Move names, separated by commas.")
    )
    # A condition the starting move must report (e.g. "mdr_reportable"); empty: always.
    condition = models.CharField(_("condition"), max_length=40, blank=True)
    anchor = models.CharField(
        _("counts from"), max_length=8, choices=Anchor.choices, default=Anchor.MOVE
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    amount = models.PositiveIntegerField(_("limit"))
    by_priority = models.JSONField(
        _("limit by priority"),
        default=dict,
        blank=True,
        help_text=_('For example {"1": 2, "2": 5}: priority 1 (urgent) gets 2.'),
    )
    pauses = models.BooleanField(_("pauses while waiting for the complainant"), default=False)
    # Points before (negative) or at (0) the due instant, in the clock's unit:
    # [{"at": -2, "do": "remind"}, {"at": 0, "do": "escalate"}].
    points = models.JSONField(_("points"), default=list, blank=True)
    binding = models.BooleanField(
        _("a time limit"),
        default=True,
        help_text=_("Off for a window that only closes (DISP 1.5's three business days)."),
    )
    # What the due instant is promised as to the complainant (the final response).
    promised = models.BooleanField(_("promised to the complainant"), default=False)

    class Meta:
        verbose_name = _("clock rule")
        verbose_name_plural = _("clock rules")
        ordering = ["profile", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="clock_rule_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.title}"

    def moves(self, field: str) -> frozenset[str]:
        return frozenset(m.strip() for m in getattr(self, field).split(",") if m.strip())

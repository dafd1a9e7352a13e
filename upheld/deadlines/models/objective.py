"""Objectives (ISO 10002 6.2): a target share of a clock met within a period, stored so
monitoring can show the actual beside it (selectors.objective_actual)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..regimes import Regime


class Period(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF_YEAR = "half_year", _("half year")
    YEAR = "year", _("year")


class Objective(models.Model):
    title = models.CharField(_("objective"), max_length=200)
    clock_key = models.SlugField(
        _("clock"), max_length=40, help_text=_("The key of a clock rule, e.g. acknowledge.")
    )
    regime = models.CharField(
        _("regime"),
        max_length=8,
        choices=Regime.choices,
        blank=True,
        help_text=_("Empty: every regime."),
    )
    target_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["clock_key", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_percent__gte=0, target_percent__lte=100),
                name="objective_target_is_a_percentage",
            )
        ]

    def __str__(self) -> str:
        return self.title

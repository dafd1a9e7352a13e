from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    EFFECTIVE = "effective", _("effective")
    NOT_EFFECTIVE = "not_effective", _("not effective")
    INCONCLUSIVE = "inconclusive", _("inconclusive")
    NOT_MEASURABLE = "not_measurable", _("not measurable")


class EffectivenessCheck(models.Model):
    """ISO 10002 8.7; row 46: scheduled when an action is done, it compares the share of
    complaints received with the action's cause in the period before the action was raised
    and in the period after it was done, from the monitoring's facts, and records a verdict."""

    action = models.OneToOneField(
        "Action", on_delete=models.CASCADE, related_name="effectiveness_check"
    )
    due_on = models.DateField(_("due on"))
    period_days = models.PositiveIntegerField(_("period (days)"))
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    checked_by = models.ForeignKey(  # None: the periodic job
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    before_from = models.DateField(null=True, blank=True)
    before_until = models.DateField(null=True, blank=True)
    after_from = models.DateField(null=True, blank=True)
    after_until = models.DateField(null=True, blank=True)
    before_count = models.IntegerField(null=True, blank=True)  # with the cause
    before_total = models.IntegerField(null=True, blank=True)  # all received
    after_count = models.IntegerField(null=True, blank=True)
    after_total = models.IntegerField(null=True, blank=True)
    before_rate = models.FloatField(null=True, blank=True)
    after_rate = models.FloatField(null=True, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        indexes = [
            models.Index(
                fields=["due_on"],
                name="effect_check_due_idx",
                condition=models.Q(checked_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"check of action {self.action_id}"

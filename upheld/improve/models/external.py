from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Finding(models.TextChoices):
    FOR_ORGANISATION = "for_organisation", _("for the organisation")
    AGAINST_ORGANISATION = "against_organisation", _("against the organisation")


class ExternalDecision(models.Model):
    """What an ombudsman or another external body decided on a complaint, recorded back
    (ISO 10002 8.7; DISP 1.3.2AG; row 55): for or against the organisation, linked to the
    handler and, where it shows a gap, to a training course or an action."""

    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="external_decisions"
    )
    body = models.ForeignKey(
        "organisation.ExternalBody",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("external body"),
    )
    referral = models.ForeignKey(
        "complaints.ExternalReferral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"))
    finding = models.CharField(_("finding"), max_length=24, choices=Finding.choices)
    summary = models.TextField(_("summary"))
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handler"),
    )
    course = models.ForeignKey(
        "organisation.Course",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training course"),
    )
    action = models.ForeignKey(
        "Action",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="external_decisions",
        verbose_name=_("action"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("external body's decision")
        verbose_name_plural = _("external bodies' decisions")
        ordering = ["-decided_on", "-pk"]
        indexes = [models.Index(fields=["decided_on"], name="external_decision_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(finding__in=Finding.values), name="external_decision_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} on {self.complaint_id}: {self.finding}"

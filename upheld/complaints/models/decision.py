from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .checks import one_of


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("upheld")
    PARTLY_UPHELD = "partly_upheld", _("partly upheld")
    NOT_UPHELD = "not_upheld", _("not upheld")


class RemedyKind(models.TextChoices):
    APOLOGY = "apology", _("apology")
    EXPLANATION = "explanation", _("explanation")
    CORRECTION = "correction", _("correction")
    REFUND = "refund", _("refund")
    COMPENSATION = "compensation", _("compensation")
    REPLACEMENT = "replacement", _("replacement")
    PROCESS_CHANGE = "process_change", _("process change")


MONETARY = {RemedyKind.REFUND, RemedyKind.COMPENSATION}


class RemedyState(models.TextChoices):
    PENDING = "pending", _("to be carried out")
    CARRIED_OUT = "carried_out", _("carried out")
    WAIVED = "waived", _("waived")


class Decision(models.Model):
    """A decision on the complaint (7.7): one per level of review."""

    complaint = models.ForeignKey("Complaint", on_delete=models.PROTECT, related_name="decisions")
    level = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    communicated_at = models.DateTimeField(null=True, blank=True)
    communicated_by = models.CharField(max_length=16, blank=True)  # method: e-mail, letter…

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("outcome", Outcome.values), name="decision_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.outcome}"


class Remedy(models.Model):
    """What the organisation offers (Annex E responses); carried out or waived before closure."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("kind"), max_length=16, choices=RemedyKind.choices)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    state = models.CharField(
        max_length=12, choices=RemedyState.choices, default=RemedyState.PENDING
    )
    state_note = models.TextField(blank=True)  # evidence of carrying out, or why waived
    state_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("remedies")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", RemedyKind.values), name="remedy_kind_valid"
            ),
            models.CheckConstraint(
                condition=one_of("state", RemedyState.values), name="remedy_state_valid"
            ),
            # Only money has an amount, and never a negative or nil one (an import may
            # leave it unknown: NULL).
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | (models.Q(amount__gt=0) & one_of("kind", sorted(MONETARY))),
                name="remedy_amount_positive_money",
            ),
        ]

    def __str__(self) -> str:
        money = f" {self.amount} {self.currency}" if self.amount is not None else ""
        return f"{self.get_kind_display()}{money}"


class ExternalReferral(models.Model):
    """A referral to an ombudsman or ADR body (ISO 10003 7.2): one of the organisation's
    external bodies, the ones its "how to complain" page names (7.1 f)."""

    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, related_name="external_referrals"
    )
    body = models.ForeignKey(
        "organisation.ExternalBody",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("external body"),
    )
    case_reference = models.CharField(_("their case reference"), max_length=100, blank=True)
    referred_at = models.DateTimeField()
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.body} {self.case_reference}".strip()

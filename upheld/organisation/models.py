"""The organisation that runs Upheld and the settings its complaints manager keeps (5.2, 6.3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """One installation serves one organisation; its row has pk=1 (see `current`)."""

    name = models.CharField(_("name"), max_length=200, default="Our organisation")
    contact_email = models.EmailField(_("complaints e-mail address"), blank=True)
    contact_phone = models.CharField(_("complaints phone line"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(
        _("country (business-day calendar)"), max_length=2, default="GB",
        help_text=_("ISO 3166 code; deadlines count this country's business days."),
    )
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=8, default="CMP",
        help_text=_("References read PREFIX-YEAR-NUMBER, e.g. CMP-2026-000123."),
    )
    allow_anonymous = models.BooleanField(
        _("accept anonymous complaints"), default=False,
        help_text=_("When off, a complaint needs a way to reach the complainant."),
    )
    response_target_days = models.PositiveSmallIntegerField(
        _("final response target (calendar days from receipt)"), default=56,
        help_text=_("56 days = the FCA's 8 weeks."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "Organisation":
        org, _created = cls.objects.get_or_create(pk=1)
        return org

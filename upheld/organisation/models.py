"""The organisation that runs Upheld and the settings its complaints manager keeps (5.2, 6.3)."""

import copy

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.core import lookups

from . import phones


class Organisation(models.Model):
    """One installation serves one organisation; its row has pk=1 (see `current`)."""

    name = models.CharField(_("name"), max_length=200, default="Our organisation")
    contact_email = models.EmailField(_("complaints e-mail address"), blank=True)
    contact_phone = models.CharField(_("complaints phone line"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(
        _("country (business-day calendar)"),
        max_length=2,
        default="GB",
        help_text=_("ISO 3166 code; deadlines count this country's business days."),
    )
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=8,
        default="CMP",
        help_text=_("References read PREFIX-YEAR-NUMBER, e.g. CMP-2026-000123."),
    )
    allow_anonymous = models.BooleanField(
        _("accept anonymous complaints"),
        default=False,
        help_text=_("When off, a complaint needs a way to reach the complainant."),
    )

    # ISO 10002 7.1 / 4.2: what the public "How to complain" page says. Editable by the
    # complaints manager in the admin; the page is generated from these, nothing hard-coded.
    complaints_intro = models.TextField(
        _("how-to-complain introduction"),
        blank=True,
        help_text=_("A short welcome on the How to complain page, in plain language."),
    )
    phone_hours = models.CharField(
        _("when the phone line is answered"),
        max_length=200,
        blank=True,
        help_text=_("For example: Monday to Friday, 9:00 to 17:00."),
    )
    in_person_address = models.TextField(
        _("where to complain in person"),
        blank=True,
        help_text=_("Address and opening hours of a desk or branch; leave empty if none."),
    )
    information_needed = models.TextField(
        _("information that helps (one item per line)"),
        blank=True,
        help_text=_(
            "Added to the standard list: your name, how to reach you, what happened, "
            "when, the product or service, and what you would like us to do."
        ),
    )
    remedies_offered = models.TextField(
        _("possible remedies (one per line)"),
        blank=True,
        help_text=_(
            "Leave empty to list every kind of remedy Upheld records (apology, "
            "explanation, correction, refund, compensation, replacement, process "
            "change)."
        ),
    )
    internal_review = models.TextField(
        _("internal review: how to ask for one"),
        blank=True,
        help_text=_("Who reviews a decision the complainant does not accept, and how to ask."),
    )
    privacy_notice = models.TextField(
        _("privacy notice for complainants"),
        blank=True,
        help_text=_("How personal data in a complaint is used and kept (ISO 10002 4.7)."),
    )

    untrained_assignment = models.CharField(
        _("assigning someone without the training their role requires"),
        max_length=8,
        choices=[("warn", _("is recorded with a warning")), ("refuse", _("is refused"))],
        default="warn",
        help_text=_("ISO 10002 6.4: the training each role requires is set on the courses."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        problem = phones.check(self.contact_phone, self.country)
        if problem:
            raise ValidationError({"contact_phone": problem})

    @classmethod
    def current(cls) -> "Organisation":
        """The organisation, read once per process (core/lookups.py: dropped everywhere when
        it is saved). A copy: a caller may change it and save it."""
        return copy.copy(lookups.cached("organisation", cls._load))

    @classmethod
    def _load(cls) -> "Organisation":
        org, _created = cls.objects.get_or_create(pk=1)
        return org

    def remedies_list(self) -> list[str]:
        """The remedies the organisation lists itself (empty: the page lists every kind the
        complaints app records; the organisation knows nothing of the complaints app)."""
        return [line.strip() for line in self.remedies_offered.splitlines() if line.strip()]

    def information_list(self) -> list[str]:
        return [line.strip() for line in self.information_needed.splitlines() if line.strip()]


class ExternalBody(models.Model):
    """An ombudsman or ADR body a complainant may go to (ISO 10002 7.1 f, ISO 10003; DISP 1.2)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="external_bodies", default=1
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("what it does"),
        blank=True,
        help_text=_("For example: settles disputes between consumers and banks, free of charge."),
    )
    when_to_go = models.TextField(
        _("when and how soon a complainant can go to it"),
        blank=True,
        help_text=_(
            "For example: after our final response or 8 weeks after receipt, and "
            "within 6 months of our final response."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    position = models.PositiveSmallIntegerField(_("order on the page"), default=0)

    class Meta:
        verbose_name = _("external body (ombudsman / ADR)")
        verbose_name_plural = _("external bodies (ombudsman / ADR)")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        country = self.organisation.country if self.organisation_id else "GB"
        problem = phones.check(self.phone, country)
        if problem:
            raise ValidationError({"phone": problem})


from .policy import PolicyAcknowledgement, PolicyVersion  # noqa: E402, F401 — policy.py
from .teams import Membership, Team  # noqa: E402, F401 — the models of teams.py
from .training import Course, TrainingRecord  # noqa: E402, F401 — training.py

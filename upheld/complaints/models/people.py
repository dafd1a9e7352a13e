from django.db import models
from django.utils.translation import gettext_lazy as _

from .checks import one_of


class ContactPreference(models.TextChoices):
    """How the person wants us to write to them (ISO 10002 4.3): a letter for someone
    without e-mail, or who asked for paper; empty while they have not said."""

    EMAIL = "email", _("by e-mail")
    LETTER = "letter", _("by letter")
    PHONE = "phone", _("by telephone")


class Person(models.Model):
    """A complainant or a representative acting for one (ISO 10002 7.2, Annex B)."""

    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=10, default="en")
    contact_preference = models.CharField(
        _("how to contact them"),
        max_length=8,
        choices=ContactPreference.choices,
        blank=True,
        help_text=_("Empty: by e-mail when we have an address, else by letter."),
    )
    accessibility_needs = models.TextField(
        _("accessibility needs"),
        blank=True,
        help_text=_("Reasonable adjustments the complainant asked for (large print, calls…)."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=one_of("contact_preference", [*ContactPreference.values, ""]),
                name="person_contact_preference_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or str(_("anonymous"))

    @property
    def reachable(self) -> bool:
        return can_reach(self.email, self.phone, self.postal_address)


def can_reach(email: str, phone: str, postal_address: str) -> bool:
    """Whether we have a way to answer a person: the one rule, for a Person and for values
    being checked before one is saved (intake_rules)."""
    return bool(email or phone or postal_address.strip())

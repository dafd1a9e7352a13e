from django.db import models
from django.utils.translation import gettext_lazy as _

from .complaint import Category, Channel


class RoutingRule(models.Model):
    """Which team a complaint goes to when it is received (ISO 10002 5.3, 7.2): the first
    rule in order whose every condition holds wins; an empty condition holds for all.
    Kept by the complaints manager in the admin; applied by lifecycle.receive."""

    position = models.PositiveSmallIntegerField(_("order"), default=0)
    team = models.ForeignKey(
        "organisation.Team",
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("team"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("category (or one below it)"),
    )
    product_contains = models.CharField(
        _("product or service contains"),
        max_length=200,
        blank=True,
        help_text=_('Matched without regard to case, e.g. "mortgage".'),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, blank=True)
    language = models.CharField(
        _("complainant's language"),
        max_length=10,
        blank=True,
        help_text=_("A language code such as en or es."),
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}: → {self.team}"

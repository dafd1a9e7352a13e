"""Classification taxonomies kept as versioned data (ISO 10002 8.2; DISP 1.10, 1 Annex 1R).

A taxonomy is a dimension a complaint is classified on (its `dimension`: a root cause, the
FCA product group, the FCA cause) in one version, valid over a span of dates. Its terms are
rows, loaded from the JSON files in data/ (seed.py), never written in code, so a regulator's
new list (the FCA's single return, PS25/19, for periods from 1 January 2027) is a new file
and a new version. A new version maps each old term to its successor (`Term.successor`), so
trends run across versions: analysis counts a complaint under its term's latest successor.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    CAUSE = "cause", _("cause")
    FCA_PRODUCT = "fca_product", _("FCA product group")
    FCA_CAUSE = "fca_cause", _("FCA cause")


class Taxonomy(models.Model):
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["dimension", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "version"], name="taxonomy_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} {self.version}"


class Term(models.Model):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    # A grouping label (the FCA's "Banking and credit cards" over "Current accounts").
    group = models.CharField(_("group"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    # The term of the next version that takes its place (many old terms may map to one).
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors"
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["taxonomy", "group", "label"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="term_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.group} › {self.label}" if self.group else self.label

    @property
    def dimension(self) -> str:
        return self.taxonomy.dimension

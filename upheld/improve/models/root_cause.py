from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    FIVE_WHYS = "five_whys", _("5 whys")
    FISHBONE = "fishbone", _("fishbone (Ishikawa)")
    OTHER = "other", _("other")


class RootCauseState(models.TextChoices):
    OPEN = "open", _("open")
    CONCLUDED = "concluded", _("concluded")


class RootCause(models.Model):
    """A root cause analysis (ISO 10002 8.7; row 46): why one or many complaints happened,
    found by a method, named as a term of the taxonomy's cause dimension, with the answer to
    "could this cause affect other products, services or processes?"."""

    title = models.CharField(_("problem"), max_length=200)
    complaints = models.ManyToManyField(
        "complaints.Complaint", related_name="root_causes", verbose_name=_("complaints")
    )
    # Where it came from: a problem the monitoring flagged (insight.trends), or the desk.
    flagged_kind = models.CharField(_("flagged as"), max_length=16, blank=True)
    flagged_from = models.DateField(_("flagged in the window from"), null=True, blank=True)
    flagged_until = models.DateField(_("until"), null=True, blank=True)
    method = models.CharField(
        _("method"), max_length=16, choices=Method.choices, default=Method.FIVE_WHYS
    )
    notes = models.TextField(_("notes of the analysis"), blank=True)
    cause = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cause"),
    )
    # None: not answered yet.
    affects_others = models.BooleanField(
        _("could this cause affect other products, services or processes?"),
        null=True,
        blank=True,
    )
    affects_which = models.TextField(_("which ones"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RootCauseState.choices, default=RootCauseState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"))
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)

    class Meta:
        verbose_name = _("root cause analysis")
        verbose_name_plural = _("root cause analyses")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["state", "-id"], name="rootcause_list_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=Method.values), name="rootcause_method_known"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=RootCauseState.values), name="rootcause_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

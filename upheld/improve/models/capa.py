from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CORRECTIVE = "corrective", _("corrective")
    PREVENTIVE = "preventive", _("preventive")


class Origin(models.TextChoices):
    """Why an action was raised. Audit findings and management-review decisions live in
    `upheld.assurance`, which links its records to the actions it raises."""

    ROOT_CAUSE = "root_cause", _("root cause analysis")
    AUDIT_FINDING = "audit_finding", _("audit finding")
    REVIEW_DECISION = "review_decision", _("management-review decision")
    EXTERNAL_DECISION = "external_decision", _("external body's decision")


class ActionState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    VERIFIED = "verified", _("effect verified")
    CLOSED = "closed", _("closed")


class Action(models.Model):
    """A corrective or preventive action (ISO 10002 8.7; row 46): what, who, by when (a
    business day of the organisation's calendar), its state, its evidence, and why it was
    raised. Closed only when its effect is verified or a manager records why not."""

    what = models.TextField(_("what"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    root_cause = models.ForeignKey(
        "RootCause",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("root cause analysis"),
    )
    # The cause whose rate the effectiveness check compares (the root cause's, or chosen).
    cause = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cause"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("owner"),
    )
    due = models.DateField(_("due"))
    state = models.CharField(
        _("state"), max_length=12, choices=ActionState.choices, default=ActionState.OPEN
    )
    note = models.TextField(_("note"), blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Recorded by a manager who closes an action whose effect was not verified.
    unverified_reason = models.TextField(_("why closed without a verified effect"), blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["state", "-id"], name="action_list_idx"),
            models.Index(fields=["owner", "-id"], name="action_owner_idx"),
            models.Index(fields=["state", "due"], name="action_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=Kind.values), name="action_kind"),
            models.CheckConstraint(
                condition=models.Q(origin__in=Origin.values), name="action_origin"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=ActionState.values), name="action_state"
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]


class ActionAlert(models.Model):
    """A reminder or an escalation sent for an action: at most one per point, so a job run
    twice (or by two workers) tells nobody twice."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="alerts")
    point = models.CharField(max_length=16)  # remind | escalate | check
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "point"], name="action_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.point} of action {self.action_id}"


class Evidence(models.Model):
    """A file showing what was done, its type taken from its content and its SHA-256 kept."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.filename

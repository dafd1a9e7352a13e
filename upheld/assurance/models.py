"""The records of the internal audit programme (ISO 10002 8.5) and of management reviews
(8.6). Fields, constraints and small properties only: every change goes through
records.py, every read through selectors.py."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


def one_of(field: str, values) -> Q:
    return Q(**{f"{field}__in": list(values)})


class AuditPlan(models.Model):
    """An audit plan for a period: what is audited (scope, clauses), by whom, and when."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("first day of the period"))
    period_end = models.DateField(_("last day of the period"))
    scope = models.TextField(_("scope"))
    clauses = models.JSONField(_("clauses"), default=list)
    auditors = models.ManyToManyField(USER, related_name="audit_plans", verbose_name=_("auditors"))
    planned_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    planned_at = models.DateTimeField()

    class Meta:
        verbose_name = _("audit plan")
        verbose_name_plural = _("audit plans")
        permissions = [
            ("plan_audits", "Can plan internal audits"),
            ("conduct_audits", "Can conduct internal audits"),
            ("hold_reviews", "Can hold management reviews"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="auditplan_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AuditState(models.TextChoices):
    PLANNED = "planned", _("planned")
    SAMPLED = "sampled", _("sample drawn")
    REPORTED = "reported", _("reported")


class Audit(models.Model):
    """One audit of a plan: its auditor, date, clauses, and the sample's size and seed (the
    seed is recorded so that anyone can draw the same sample again)."""

    plan = models.ForeignKey(AuditPlan, on_delete=models.PROTECT, related_name="audits")
    auditor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="audits")
    planned_on = models.DateField(_("date of the audit"))
    clauses = models.JSONField(_("clauses"), default=list)
    sample_size = models.PositiveIntegerField(_("sample size"))
    seed = models.BigIntegerField(_("seed"))
    state = models.CharField(
        _("state"), max_length=10, choices=AuditState.choices, default=AuditState.PLANNED
    )
    drawn_at = models.DateTimeField(null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        constraints = [
            models.CheckConstraint(
                condition=one_of("state", AuditState.values), name="audit_state_valid"
            ),
            models.CheckConstraint(condition=Q(sample_size__gte=1), name="audit_sample_size"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.planned_on}"


class SampledComplaint(models.Model):
    """A complaint of an audit's sample, with the stratum it was drawn from."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="sample")
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField()
    channel = models.CharField(max_length=16)
    outcome = models.CharField(max_length=16)
    team = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["audit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "complaint"], name="sample_once"),
            models.UniqueConstraint(fields=["audit", "position"], name="sample_position"),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id} #{self.position}"


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    PARTLY = "partly", _("partly")
    NO = "no", _("no")
    NOT_APPLICABLE = "na", _("not applicable")


class ChecklistAnswer(models.Model):
    """The checklist's answers for one clause: for one complaint of the sample, or (no
    complaint) for the clause as a whole."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    clause = models.CharField(_("clause"), max_length=8)
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.CharField(_("procedure followed"), max_length=8, choices=Answer.choices)
    objectives = models.CharField(_("objectives met"), max_length=8, choices=Answer.choices)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["clause", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "clause", "complaint"],
                condition=Q(complaint__isnull=False),
                name="answer_once_per_complaint",
            ),
            models.UniqueConstraint(
                fields=["audit", "clause"],
                condition=Q(complaint__isnull=True),
                name="answer_once_per_clause",
            ),
            models.CheckConstraint(
                condition=one_of("procedure", Answer.values), name="answer_procedure_valid"
            ),
            models.CheckConstraint(
                condition=one_of("objectives", Answer.values), name="answer_objectives_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.procedure} / {self.objectives}"


class FindingKind(models.TextChoices):
    MAJOR = "major", _("major nonconformity")
    MINOR = "minor", _("minor nonconformity")
    OBSERVATION = "observation", _("observation")
    OPPORTUNITY = "opportunity", _("opportunity for improvement")


class Finding(models.Model):
    """What an audit found, against a clause, with the complaints that show it."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("kind"), max_length=12, choices=FindingKind.choices)
    clause = models.CharField(_("clause"), max_length=8)
    statement = models.TextField(_("finding"))
    complaints = models.ManyToManyField("complaints.Complaint", related_name="+", blank=True)
    recorded_at = models.DateTimeField()
    # The corrective or preventive action raised from it (upheld.improve), followed there.
    action = models.OneToOneField(
        "improve.Action", null=True, blank=True, on_delete=models.PROTECT, related_name="finding"
    )

    class Meta:
        ordering = ["audit", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", FindingKind.values), name="finding_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.clause}"


class Review(models.Model):
    """A management review of a period (8.6): its pack frozen as it was (the PDF and its
    SHA-256), who attended, and its decisions."""

    period_start = models.DateField(_("first day of the period"))
    period_end = models.DateField(_("last day of the period"))
    held_on = models.DateField(_("held on"))
    attendees = models.ManyToManyField(USER, related_name="reviews", verbose_name=_("attendees"))
    other_attendees = models.TextField(_("other attendees"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    pack = models.BinaryField(_("pack (PDF)"))
    pack_sha256 = models.CharField(max_length=64)
    held_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="review_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end}"

    @property
    def pack_intact(self) -> bool:
        return hashlib.sha256(bytes(self.pack)).hexdigest() == self.pack_sha256


class Topic(models.TextChoices):
    PROCESS = "process", _("the complaints-handling process")
    PRODUCTS = "products", _("products and services")
    RESOURCES = "resources", _("resources")
    TRAINING = "training", _("training")


class ReviewDecision(models.Model):
    """A decision of a management review: on the process, the products, resources or
    training; followed to closure as an action of upheld.improve, which holds who carries
    it out, by when, and what became of it (record_decision raises it in the same
    transaction, so a decision always has one)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="decisions")
    topic = models.CharField(_("on"), max_length=10, choices=Topic.choices)
    what = models.TextField(_("decision"))
    action = models.OneToOneField(
        "improve.Action", null=True, on_delete=models.PROTECT, related_name="review_decision"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(condition=one_of("topic", Topic.values), name="decision_topic"),
        ]

    def __str__(self) -> str:
        return self.what[:80]

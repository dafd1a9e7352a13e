from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from upheld.deadlines.regimes import Regime

from .checks import one_of
from .vocabulary import (
    ASSESSMENT_SCALES,
    OPEN,
    TERMINAL,
    Channel,
    ClosureReason,
    ComplainantAnswer,
    Priority,
    Status,
    Triage,
)


def _one_of(field: str, choices, *, blank: bool = False) -> models.CheckConstraint:
    """The database refuses a value outside the field's choices (empty allowed if blank)."""
    values = [*choices.values, *([""] if blank else [])]
    return models.CheckConstraint(condition=one_of(field, values), name=f"complaint_{field}_valid")


def _on_scale(field: str, top: int) -> models.CheckConstraint:
    """Not assessed yet (NULL), or a whole number from 1 to the top of its scale."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True})
        | models.Q(**{f"{field}__gte": 1, f"{field}__lte": top}),
        name=f"complaint_{field}_on_scale",
    )


class Category(models.Model):
    """Classification taxonomy (8.2), kept by complaints managers in the admin."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["parent__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="category_unique_name_per_parent",
                condition=models.Q(parent__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["name"],
                name="category_unique_top_level_name",
                condition=models.Q(parent__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class ReferenceCounter(models.Model):
    """One row per year; references are allocated by an atomic upsert (see references.py)."""

    year = models.PositiveIntegerField(primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"


class Complaint(models.Model):
    """The complaint record (ISO 10002 7.2, Annex D). State fields belong to the lifecycle."""

    reference = models.CharField(_("reference"), max_length=32, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    external_reference = models.CharField(
        _("external reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference of another system the complaint came from (e.g. CFPB ID)."),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"), editable=False, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
    )

    complainant = models.ForeignKey("Person", on_delete=models.PROTECT, related_name="complaints")
    representative = models.ForeignKey(
        "Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="represented",
        db_index=False,
    )
    representative_authority = models.TextField(
        _("representative's authority"),
        blank=True,
        help_text=_("How the representative is authorised to act (power of attorney, consent…)."),
    )

    product = models.CharField(_("product or service"), max_length=300, blank=True)
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("date of occurrence"), null=True, blank=True)
    remedy_sought = models.TextField(_("remedy sought"), blank=True)
    immediate_action = models.TextField(_("immediate action taken"), blank=True)
    people_involved = models.TextField(_("people or unit involved"), blank=True)
    involved_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="complaints_involved_in",
        verbose_name=_("staff involved"),
        help_text=_("Staff named in the complaint: they may not investigate or decide it (4.5)."),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,  # served by complaint_category_idx (category, received_at)
    )
    # The other dimensions of analysis (8.2), terms of versioned taxonomies (upheld.taxonomy):
    # a root cause, and under the FCA's regimes the product group and cause of DISP 1
    # Annex 1R, which `close` requires there. Set by the `classify` move.
    cause = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cause"),
        db_index=False,
    )
    fca_product = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("FCA product group"),
        db_index=False,
    )
    fca_cause = models.ForeignKey(
        "taxonomy.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("FCA cause"),
        db_index=False,
    )

    status = models.CharField(
        _("status"),
        max_length=24,
        choices=Status.choices,
        default=Status.RECEIVED,
    )
    # Triage (clause 3; capability 11): empty until someone decides; the reason and the
    # decider are in the trail (`triaged`, or `assessed`, which treats it as a complaint).
    triage = models.CharField(_("triage"), max_length=16, choices=Triage.choices, blank=True)
    device_deficiency = models.BooleanField(
        _("alleges a device deficiency"),
        null=True,
        blank=True,
        help_text=_(
            "Medical devices (FDA 21 CFR 820.198): does it allege that a device "
            "failed to meet its specifications? Empty when not asked."
        ),
    )
    # The regime profile whose clocks run on the complaint (capability 56): ISO until
    # someone chooses at triage or assessment; a change is an event with its reason.
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices, default=Regime.ISO)
    # FDA 21 CFR 820.198(a)(3), (d): the MDR reportability evaluation (its decider and
    # rationale are in the trail). Reportable complaints are flagged and listed apart.
    mdr_reportable = models.BooleanField(_("MDR reportable"), null=True, blank=True)
    mdr_aware_on = models.DateField(_("aware of the MDR event on"), null=True, blank=True)
    paused_from = models.CharField(max_length=24, choices=Status.choices, blank=True)
    # The team that works it (5.3): set at receipt by the routing rules, or by the `route`
    # move; the visibility rule reads it. Indexed with what queues sort by (below).
    team = models.ForeignKey(
        "organisation.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("team"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_assigned",
        db_index=False,
    )

    # Initial assessment (7.5).
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    safety_implication = models.BooleanField(null=True, blank=True)
    complexity = models.PositiveSmallIntegerField(null=True, blank=True)
    impact = models.PositiveSmallIntegerField(null=True, blank=True)
    immediate_action_needed = models.BooleanField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )

    escalation_level = models.PositiveSmallIntegerField(_("level of internal review"), default=0)
    complainant_answer = models.CharField(
        _("complainant's answer"), max_length=8, choices=ComplainantAnswer.choices, blank=True
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=32, choices=ClosureReason.choices, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        db_index=False,
    )
    reopened_count = models.PositiveSmallIntegerField(default=0)

    # Milestones: KPIs are plain queries over these.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    investigation_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_communicated_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    response_due_at = models.DateTimeField(_("response due"), null=True, blank=True)
    # The soonest due instant of the complaint's running clocks (deadlines); empty when no
    # clock runs. Kept by the lifecycle with the clocks; queues sort by it.
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)

    # Head of the event chain: lets verify-trail notice a removed last event.
    trail_length = models.PositiveIntegerField(default=0, editable=False)
    trail_head = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        permissions = [
            ("handle_complaint", "Can handle complaints (assess, investigate, decide)"),
            ("manage_complaints", "Can manage complaints (assign, escalate, reopen, merge)"),
            ("view_trail", "Can read the full trail of a complaint"),
            ("view_reports", "Can read reports"),
        ]
        # Only the indexes reads need: status is served by (status, received_at); plain
        # B-tree indexes, no LIKE twins on PostgreSQL (searches are exact or icontains).
        # Columns that are empty on most rows (an assignee, a representative, a merge, the
        # receiving user, a tracking secret: imported history has none of them) are indexed
        # only where set, so a row without them costs no index entry (bulk import, 7.2).
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["external_reference"], name="complaint_external_ref_idx"),
            # A category's complaints newest first (the admin's filter, a million rows):
            # in place of the plain index on category, which also served only lookups.
            models.Index(fields=["category", "received_at"], name="complaint_category_idx"),
            # The complainant's private link finds the complaint by its secret's hash.
            models.Index(
                fields=["secret_hash"],
                name="complaint_secret_idx",
                condition=~models.Q(secret_hash=""),
            ),
            # Queues by what is due (desk) and the breached list (deadlines): open
            # complaints only have a running clock.
            models.Index(
                fields=["next_due_at", "priority"],
                name="complaint_next_due_idx",
                condition=models.Q(next_due_at__isnull=False),
            ),
            # The desk's queues by what is due (desk/queues): of a team, of a person, of a
            # state (awaiting the complainant, under review, a queue filtered by state) and
            # filtered by channel. A queue filtered to what few or no complaints match (the
            # letters that came in, investigating by phone) is then found from an index
            # instead of read through (488 ms for none at a million: issue 9).
            *(
                models.Index(
                    fields=[name, "next_due_at", "priority"],
                    name=f"complaint_{name}_due_idx",
                    condition=models.Q(next_due_at__isnull=False),
                )
                for name in ("team", "assignee", "status", "channel")
            ),
            # The queues' part without a due instant: open complaints with no running clock,
            # a handful, where the queue's rows run out (a filter that matches nothing read
            # every complaint of its state to be sure: 402 ms at a million); a person's own
            # too, or their queue reads all they ever closed (13,000: 19 ms).
            *(
                models.Index(
                    fields=[*lead, "priority", "id"],
                    name=name,
                    condition=OPEN & models.Q(next_due_at__isnull=True),
                )
                for lead, name in (
                    ((), "complaint_open_undated_idx"),
                    (("assignee",), "complaint_mine_undated_idx"),
                )
            ),
            # The complaint page's similar complaints of the same product in the same
            # category, newest first (the category's every complaint was read: 15 ms).
            models.Index(
                F("category"), Upper("product"), F("received_at"), name="complaint_product_idx"
            ),
            # Recently closed, newest first: (closed_at, id), the queue's whole order, so
            # a page reads its rows from the index (on closed_at alone PostgreSQL fetched
            # and sorted a month of closures: 8,314 rows, 373 ms at a million).
            models.Index(
                fields=["closed_at", "id"],
                name="complaint_closed_order_idx",
                condition=models.Q(closed_at__isnull=False),
            ),
            *(
                models.Index(
                    fields=[name],
                    name=f"complaint_{name}_idx",
                    condition=models.Q(**{f"{name}__isnull": False}),
                )
                for name in ("assignee", "representative", "merged_into", "received_by")
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="complaint_unique_reference"),
            _one_of("status", Status),
            _one_of("paused_from", Status, blank=True),
            _one_of("channel", Channel),
            _one_of("regime", Regime),
            _one_of("triage", Triage, blank=True),
            _one_of("complainant_answer", ComplainantAnswer, blank=True),
            _one_of("closure_reason", ClosureReason, blank=True),
            models.CheckConstraint(
                condition=models.Q(priority__isnull=True) | one_of("priority", Priority.values),
                name="complaint_priority_valid",
            ),
            *(_on_scale(name, top) for name, top in ASSESSMENT_SCALES.items()),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in TERMINAL

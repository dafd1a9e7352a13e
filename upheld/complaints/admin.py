"""The Django admin for the complaint side (ISO 10002 5.3, 8.2).

Categories (the 8.2 taxonomy) are kept here by complaints managers. Complaints are shown
read-only, with their decisions, remedies, correspondence and trail: their state belongs to
the lifecycle (lifecycle/), so nobody — a superuser included — adds, changes or deletes one
here.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import admin_list, visibility
from .events import data_of
from .models import (
    Attachment,
    Category,
    Complaint,
    Correspondence,
    Decision,
    Event,
    ExternalReferral,
)
from .roles import VIEW, VIEW_TRAIL


class ReadOnly:
    """Nobody adds, changes or deletes these in the admin; the lifecycle writes them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ComplaintPart(ReadOnly):
    """Parts of a complaint are seen by whoever may see the complaint."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW)


class DecisionInline(ComplaintPart, admin.StackedInline):
    model = Decision
    fields = (
        "level",
        "outcome",
        "reasons",
        "decided_by",
        "decided_at",
        "communicated_at",
        "communicated_by",
        "remedies",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("decided_by").prefetch_related("remedies")
        )

    @admin.display(description=_("remedies"))
    def remedies(self, decision):
        return (
            format_html_join(
                "",
                "<div>{} — {}{}</div>",
                (
                    (r, r.get_state_display(), f": {r.state_note}" if r.state_note else "")
                    for r in decision.remedies.all()
                ),
            )
            or "—"
        )


class ExternalReferralInline(ComplaintPart, admin.TabularInline):
    model = ExternalReferral
    fields = ("body", "case_reference", "referred_at", "note")
    readonly_fields = fields


class CorrespondenceInline(ComplaintPart, admin.TabularInline):
    model = Correspondence
    fields = ("at", "direction", "channel", "sender", "subject", "body")
    readonly_fields = fields


class AttachmentInline(ComplaintPart, admin.TabularInline):
    model = Attachment
    fields = ("added_at", "filename", "content_type", "size", "sha256")
    readonly_fields = fields


class TrailInline(ComplaintPart, admin.TabularInline):
    """ISO 10002 4.9 / 8.1: the hash-chained trail, for those whose role may read it."""

    model = Event
    verbose_name = _("trail event")
    verbose_name_plural = _("trail (ISO 10002 4.9, 8.1)")
    fields = ("seq", "at", "kind", "actor_label", "public", "recorded", "hash")
    readonly_fields = fields
    ordering = ("seq",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("personal")

    @admin.display(description=_("data"))
    def recorded(self, event):
        return data_of(event)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW_TRAIL)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnly, admin.ModelAdmin):
    list_display = (
        "reference",
        "status",
        "channel",
        "received_at",
        "priority",
        "assignee",
        "category",
    )
    # At a million complaints (admin_list.py): filters that query nothing or once, a count
    # that is estimated when large and not repeated, no date hierarchy (a scan for its
    # years), search by exact reference through its index.
    list_filter = (
        "status",
        "channel",
        "priority",
        admin_list.CategoryFilter,
        ("received_at", admin.DateFieldListFilter),
    )
    # No select_related in get_queryset: the changelist then ignores list_select_related.
    list_select_related = ("assignee", "category__parent__parent")
    search_fields = ("reference", "external_reference")  # shows the box; see get_search_results
    search_help_text = _("Search by reference (CMP-2026-000123) or external reference.")
    show_full_result_count = False
    # 25 rows: drawing a row costs more than its statement (a page of 50 took 50 ms of
    # rendering at a million; bench/admin_list.py).
    list_per_page = 25
    paginator = admin_list.EstimatedCountPaginator
    ordering = ("-received_at", "-pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "external_reference",
                    "channel",
                    "received_at",
                    "received_by",
                    "status",
                    "priority",
                    "assignee",
                    "category",
                    "response_due_at",
                )
            },
        ),
        (
            _("Complainant (7.2)"),
            {
                "fields": (
                    "complainant_details",
                    "representative_details",
                    "representative_authority",
                )
            },
        ),
        (
            _("The complaint"),
            {
                "fields": (
                    "product",
                    "description",
                    "occurred_on",
                    "remedy_sought",
                    "immediate_action",
                    "people_involved",
                    "involved_users",
                )
            },
        ),
        (
            _("Initial assessment (7.5)"),
            {
                "fields": (
                    "severity",
                    "safety_implication",
                    "complexity",
                    "impact",
                    "immediate_action_needed",
                    "escalation_level",
                )
            },
        ),
        (
            _("Milestones"),
            {
                "fields": (
                    "acknowledged_at",
                    "assessed_at",
                    "investigation_started_at",
                    "decided_at",
                    "decision_communicated_at",
                    "complainant_answer",
                    "answered_at",
                    "closed_at",
                    "closure_reason",
                    "merged_into",
                    "reopened_count",
                    "trail_length",
                )
            },
        ),
    )
    readonly_fields = [str(f) for _title, section in fieldsets for f in section["fields"]]
    inlines = (
        DecisionInline,
        ExternalReferralInline,
        CorrespondenceInline,
        AttachmentInline,
        TrailInline,
    )

    def get_actions(self, request):
        return {}

    def get_queryset(self, request):
        # The one visibility rule (visibility.py) for the list and for each complaint's
        # page. No select_related here: the changelist would then ignore
        # list_select_related.
        where = visibility.rule(request.user)
        queryset = super().get_queryset(request)
        return queryset.none() if where is None else queryset.filter(where)

    def get_search_results(self, request, queryset, search_term):
        return admin_list.search(queryset, search_term), False

    @admin.display(description=_("complainant"))
    def complainant_details(self, complaint):
        return person_details(complaint.complainant)

    @admin.display(description=_("representative"))
    def representative_details(self, complaint):
        return person_details(complaint.representative)


def person_details(person):
    if person is None:
        return "—"
    rows = [
        (label, value)
        for label, value in (
            (_("name"), person.name),
            (_("organisation"), person.organisation),
            (_("e-mail"), person.email),
            (_("telephone"), person.phone),
            (_("postal address"), person.postal_address),
            (_("preferred language"), person.preferred_language),
            (_("accessibility needs"), person.accessibility_needs),
        )
        if value
    ]
    return format_html_join("", "<div>{}: {}</div>", rows) or "—"


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ("name", "parent", "active")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        node = parent
        while node is not None and self.instance.pk is not None:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("A category cannot sit under itself or one of its own subcategories.")
                )
            node = node.parent
        return parent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """ISO 10002 8.2: the classification taxonomy, kept by complaints managers."""

    form = CategoryForm
    list_display = ("__str__", "name", "parent", "active")
    list_filter = ("active",)
    list_select_related = ("parent__parent__parent",)
    search_fields = ("name",)
    ordering = ("parent__name", "name")

"""Read-side queries over complaints (ISO 10002 7.2, 8.1): each returns what a page or the
API shows in a fixed number of queries, whatever the size of the record or the trail."""

from django.db.models import Prefetch, QuerySet

from .models import Complaint, Decision, Event

RECORD_RELATIONS = ("complainant", "representative", "category", "category__parent",
                    "assignee", "received_by", "merged_into")


def complaint_detail(reference: str, *, with_trail: bool = True) -> Complaint:
    """One complaint with its people, category, decisions, remedies and (optionally) its
    trail in order. Raises Complaint.DoesNotExist for an unknown reference."""
    qs = Complaint.objects.select_related(*RECORD_RELATIONS).prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")
                 .prefetch_related("remedies").order_by("decided_at", "pk")),
        "involved_users",
    )
    if with_trail:
        qs = qs.prefetch_related(Prefetch("events", queryset=Event.objects.order_by("seq")))
    return qs.get(reference=reference)


def complaint_list() -> QuerySet[Complaint]:
    """Complaints for lists, newest first, with what a list row shows joined in."""
    return Complaint.objects.select_related("complainant", "category", "category__parent",
                                            "assignee").order_by("-received_at", "-pk")

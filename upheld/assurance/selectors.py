"""What the pages, the reports and the review pack read of audits and reviews. Each read that
serves a person takes the viewer and answers None (the page: 404) or refuses when they may
not read it (access.py); lists are keyset pages (newest first by id, or the sample's order),
one statement a page whatever its depth."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import NotPermitted
from upheld.complaints.models import Complaint
from upheld.improve.models import ActionState

from . import access
from .models import (
    Audit,
    AuditPlan,
    AuditState,
    ChecklistAnswer,
    Finding,
    FindingKind,
    Review,
    ReviewDecision,
    SampledComplaint,
)

PAGE_SIZE = 25
SAMPLE_PAGE = 50


def _reader(user) -> None:
    if not access.may_read(user):
        raise NotPermitted(_("Audits and management reviews are read by top management, "
                             "auditors and the complaints manager."))  # fmt: skip


def _newest_first(qs, before: int | None, size: int) -> tuple[list, int | None]:
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more else None)


def plans_page(user, before: int | None = None, size: int = PAGE_SIZE):
    """The audit plans, newest first: (rows, the id to go on from)."""
    _reader(user)
    qs = AuditPlan.objects.annotate(n_audits=Count("audits"))
    return _newest_first(qs, before, size)


def plan_for(user, pk: int) -> AuditPlan | None:
    if not access.may_read(user):
        return None
    return AuditPlan.objects.filter(pk=pk).prefetch_related("auditors").first()


def audits_of(plan: AuditPlan) -> list[Audit]:
    return list(
        plan.audits.select_related("auditor")
        .annotate(n_findings=Count("findings"))
        .order_by("planned_on", "pk")
    )


def audit_for(user, pk: int) -> Audit | None:
    if not access.may_read(user):
        return None
    return Audit.objects.filter(pk=pk).select_related("plan", "auditor").first()


def sample_page(audit: Audit, after: int | None = None, size: int = SAMPLE_PAGE):
    """The audit's sample in the order drawn: (rows with .reference, the position to go on
    from)."""
    qs = SampledComplaint.objects.filter(audit=audit)
    if after is not None:
        qs = qs.filter(position__gt=after)
    rows = list(qs.select_related("complaint").only(
        "position", "channel", "outcome", "team", "complaint__reference", "audit_id",
    ).order_by("position")[: size + 1])  # fmt: skip
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].position if more else None)


def sample_choices(audit: Audit) -> list[tuple[int, str]]:
    """(complaint id, reference) of the whole sample, for the forms."""
    return list(
        SampledComplaint.objects.filter(audit=audit)
        .order_by("position")
        .values_list("complaint_id", "complaint__reference")
    )


@dataclass
class ClauseAnswers:
    clause: str
    whole: ChecklistAnswer | None = None
    per_complaint: list = field(default_factory=list)


def checklist(audit: Audit) -> list[ClauseAnswers]:
    """The checklist's answers, clause by clause in the audit's order."""
    out = {c: ClauseAnswers(c) for c in audit.clauses}
    answers = ChecklistAnswer.objects.filter(audit=audit).select_related("complaint")
    for a in answers.only("clause", "procedure", "objectives", "note", "complaint__reference"):
        slot = out.setdefault(a.clause, ClauseAnswers(a.clause))
        if a.complaint_id is None:
            slot.whole = a
        else:
            slot.per_complaint.append(a)
    return list(out.values())


def findings_of(audit: Audit) -> list[Finding]:
    return list(
        Finding.objects.filter(audit=audit)
        .select_related("action__owner")
        .prefetch_related(Prefetch("complaints", Complaint.objects.only("reference")))
        .order_by("pk")
    )


def reviews_page(user, before: int | None = None, size: int = PAGE_SIZE):
    _reader(user)
    qs = Review.objects.defer("pack").annotate(n_decisions=Count("decisions"))
    return _newest_first(qs, before, size)


def review_for(user, pk: int, with_pack: bool = False) -> Review | None:
    if not access.may_read(user):
        return None
    qs = Review.objects.filter(pk=pk).prefetch_related("attendees")
    return (qs if with_pack else qs.defer("pack")).first()


@dataclass
class FollowUp:
    """A decision and what became of it: its action's owner, due day and state."""

    decision: ReviewDecision
    owner: str
    due: date | None
    state: str
    overdue: bool


def follow_up(decisions) -> list[FollowUp]:
    today = timezone.localdate()
    out = []
    for d in decisions:
        a = d.action
        if a is None:  # not raised (cannot happen through records.record_decision)
            out.append(FollowUp(d, "", None, str(_("no action")), False))
            continue
        overdue = a.state == ActionState.OPEN and a.due < today
        out.append(FollowUp(d, a.owner.get_username(), a.due, a.get_state_display(), overdue))
    return out


def decisions_of(review: Review) -> list[FollowUp]:
    return follow_up(review.decisions.select_related("action__owner").order_by("pk"))


# ------------------------------------------------------------------ the review pack's inputs


def previous_review(before: date) -> Review | None:
    """The last review held on or before `before`, recorded before the one being held (the
    follow-up the next pack shows)."""
    return (
        Review.objects.defer("pack").filter(held_on__lte=before).order_by("-held_on", "-pk").first()
    )


@dataclass
class AuditResult:
    audit: Audit
    findings: dict
    statements: list


def audit_results(start: date, end: date) -> list[AuditResult]:
    """The audits reported whose plan's period meets `start`–`end`, with their findings
    counted by kind (8.6 input: audit results)."""
    audits = list(
        Audit.objects.filter(
            state=AuditState.REPORTED, plan__period_start__lte=end, plan__period_end__gte=start
        )
        .select_related("plan", "auditor")
        .order_by("planned_on", "pk")
    )
    counts: dict = defaultdict(dict)
    statements: dict = defaultdict(list)
    for f in Finding.objects.filter(audit__in=audits).order_by("pk"):
        counts[f.audit_id][f.kind] = counts[f.audit_id].get(f.kind, 0) + 1
        statements[f.audit_id].append(f)
    return [
        AuditResult(a, {k: counts[a.pk].get(k, 0) for k in FindingKind.values}, statements[a.pk])
        for a in audits
    ]

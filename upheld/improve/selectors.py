"""Reading the improvement records for one viewer (ISO 10002 8.7, 5.3; access.py): the
lists a page at a time by keyset (the id of the last row shown, never OFFSET or a COUNT of
the whole list, so a page costs the same few statements at row one and row 900,000), one
record, its linked complaints cut to those the viewer may read, and the external bodies'
decisions with the overturn rate (capability rows 49 and 55)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Complaint
from upheld.complaints.visibility import rule

from . import access
from .models import Action, ActionState, ExternalDecision, Finding, RootCause, Step

PAGE = 50


@dataclass
class Page:
    rows: list
    more: int | None = None  # the cursor of the next page: the last id shown
    first: bool = True
    extra: dict = field(default_factory=dict)


def cursor(value) -> int | None:
    """A page's cursor from the query string (anything else: the first page)."""
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 19 else None


def _page(qs, before: int | None, size: int = PAGE) -> Page:
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: size + 1])
    more = rows[size - 1].pk if len(rows) > size else None
    return Page(rows[:size], more, before is None)


def root_causes_for(user, *, state: str = "", before: int | None = None) -> Page | None:
    """The root cause analyses, newest first (None: the viewer may not see them)."""
    if not access.may_read_all(user):
        return None
    qs = RootCause.objects.select_related("owner", "cause")
    if state in ("open", "concluded"):
        qs = qs.filter(state=state)
    return _page(qs, before)


def root_cause_for(user, pk: int) -> RootCause | None:
    if not access.may_read_all(user):
        return None
    return RootCause.objects.select_related("owner", "cause", "opened_by").filter(pk=pk).first()


def complaints_of(user, root_cause: RootCause, limit: int = 200) -> tuple[list[str], int]:
    """The references of the linked complaints the viewer may read, and how many others."""
    where = rule(user)
    linked = Complaint.objects.filter(root_causes=root_cause)
    total = linked.count()
    if where is None:
        return [], total
    refs = list(linked.filter(where).order_by("pk").values_list("reference", flat=True)[:limit])
    shown = len(refs) if len(refs) < limit else linked.filter(where).count()
    return refs, total - shown


def actions_for(
    user, *, state: str = "", mine: bool = False, before: int | None = None
) -> Page | None:
    """The actions, newest first: all of them for managers, top management and auditors,
    a handler's own for a handler (None: none at all)."""
    if not access.may_see_actions(user):
        return None
    qs = Action.objects.select_related("owner", "root_cause")
    if mine or not access.may_read_all(user):
        qs = qs.filter(owner=user)
    if state in ActionState.values:
        qs = qs.filter(state=state)
    elif state == "overdue":
        from .actions.common import today

        qs = qs.filter(state=ActionState.OPEN, due__lt=today())
    return _page(qs, before)


def action_for(user, pk: int) -> Action | None:
    found = (
        Action.objects.select_related("owner", "root_cause", "cause", "raised_by", "closed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None or not access.may_see_action(user, found):
        return None
    return found


STEP_NAMES = {
    "opened": _("opened"),
    "analysed": _("analysis recorded"),
    "concluded": _("concluded"),
    "raised": _("raised"),
    "done": _("reported done"),
    "reopened": _("reopened"),
    "evidence_added": _("evidence added"),
    "effect_checked": _("effectiveness checked"),
    "closed": _("closed"),
    "recorded": _("recorded"),
}


def steps_of(subject: str, pk: int) -> list[Step]:
    steps = list(Step.objects.filter(subject=subject, subject_id=pk).select_related("by"))
    for s in steps:
        setattr(s, "label", STEP_NAMES.get(s.move, s.move))  # noqa: B010
    return steps


def external_decisions_for(user, *, before: int | None = None) -> Page | None:
    if not access.may_read_all(user):
        return None
    qs = ExternalDecision.objects.select_related("complaint", "body", "handler", "course")
    where = rule(user)
    if where is not None and where != Q():
        qs = qs.filter(complaint__in=Complaint.objects.filter(where))
    return _page(qs, before)


@dataclass(frozen=True)
class Overturn:
    name: str
    against: int
    total: int

    @property
    def rate(self) -> float | None:
        return round(self.against / self.total, 4) if self.total else None


def overturn_rates(start: date | None = None, end: date | None = None, *, by: str = "body"):
    """ISO 10002 8.7; DISP 1.3.2AG; capability row 49 (the FOS overturn rate): of the
    external bodies' decisions in [start, end] (days, inclusive), the share against the
    organisation, in total and per body or per handler (`by`). One query."""
    qs = ExternalDecision.objects.all()
    if start is not None:
        qs = qs.filter(decided_on__gte=start)
    if end is not None:
        qs = qs.filter(decided_on__lte=end)
    key = {"body": "body__name", "handler": "handler__username"}[by]
    rows = (
        qs.values(key)
        .annotate(
            total=Count("pk"), against=Count("pk", filter=Q(finding=Finding.AGAINST_ORGANISATION))
        )
        .order_by(key)
    )
    groups = [Overturn(r[key] or "—", r["against"], r["total"]) for r in rows]
    total = Overturn("", sum(g.against for g in groups), sum(g.total for g in groups))
    return total, groups

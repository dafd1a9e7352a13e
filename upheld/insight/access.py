"""Which figures a person sees (ISO 10002 5.3, 4.7): a handler their own complaints', a
complaints manager their teams' (everything when they manage the whole organisation), top
management, complaints managers and auditors the organisation's. Every view is also cut to
the complaints the one visibility rule lets them read, so no figure counts what they could
not open."""

from django.db.models import Q

from upheld.complaints.roles import HANDLE, MANAGE, VIEW_REPORTS
from upheld.complaints.visibility import rule

from .models import Fact

VIEWS = ("mine", "team", "organisation")


def may_see(user, view: str) -> bool:
    if rule(user) is None:
        return False
    return {
        "mine": user.has_perm(HANDLE),
        "team": user.has_perm(MANAGE),
        "organisation": user.has_perm(VIEW_REPORTS),
    }[view]


def views_for(user) -> list[str]:
    return [v for v in VIEWS if may_see(user, v)]


def _on_facts(q: Q) -> Q:
    """The visibility rule's filter, written on the complaint, on the facts' columns."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_on_facts(child))
        else:
            key, value = child
            out.children.append((key.replace("team__isnull", "team_id__isnull"), value))
    return out


def facts_for(user, view: str):
    """The facts behind `view` for `user` (None when they may not see it)."""
    if not may_see(user, view):
        return None
    qs = Fact.objects.filter(_on_facts(rule(user)))
    if view == "mine":
        qs = qs.filter(assignee_id=user.pk)
    return qs

"""Which figures a person sees (ISO 10002 5.3, 4.7): a handler their own complaints', a
complaints manager their teams' (everything when they manage the whole organisation), top
management, complaints managers and auditors the organisation's. Every view is also cut to
the complaints the one visibility rule lets them read, so no figure counts what they could
not open."""

from django.db.models import Q

from upheld.complaints.roles import HANDLE, MANAGE, VIEW_REPORTS
from upheld.complaints.visibility import rule

from .models import Fact
from .scopes import Scope

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


def facts_for(user, view: str) -> Scope | None:
    """The complaints behind `view` for `user` (None when they may not see it): their facts,
    and the kept tallies that add up to them (scopes.py)."""
    if not may_see(user, view):
        return None
    where = rule(user)
    qs = Fact.objects.filter(_on_facts(where))
    if view == "mine":
        # The rule lets a handler read what is theirs, so their own is all of theirs.
        return Scope(qs.filter(assignee_id=user.pk), (f"handler:{user.pk}",))
    if not where:
        return Scope(qs, ("all",))
    teams = _teams_rule(where, user.pk)
    if teams is None:  # a rule of another shape: read from the facts
        return Scope(qs, (), qs)
    # Their teams' tallies and those of no team, and what is assigned to them elsewhere.
    rest = qs.filter(assignee_id=user.pk).exclude(team_id__in=teams).exclude(team_id=None)
    return Scope(qs, (*[f"team:{t}" for t in teams], "team:"), rest)


def _teams_rule(where: Q, pk: int) -> list[int] | None:
    """The teams of a rule "in these teams, or assigned to them, or in no team", or None
    when the rule is not of that shape."""
    if where.connector != Q.OR or where.negated:
        return None
    if not all(isinstance(c, tuple) for c in where.children):
        return None
    parts = dict(where.children)
    if parts.keys() != {"team_id__in", "assignee_id", "team__isnull"}:
        return None
    if parts["assignee_id"] != pk or parts["team__isnull"] is not True:
        return None
    return list(parts["team_id__in"])

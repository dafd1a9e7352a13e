"""Which complaints a person may read (ISO 10002 4.7 confidentiality, 5.3 roles).

ONE rule, used to list complaints and to open one (selectors.py, the admin, the API) and
by the lifecycle before a staff move, so nothing is listed that cannot be opened, nothing
opened that would not be listed, and nobody acts on a complaint they cannot see.

By team (5.3; organisation/teams.py): a handler reads the complaints of the teams they
work in or manage, those assigned to them, and those not given to any team yet (someone
has to triage and route them: receipt by a channel with no routing rule that holds); a
complaints manager who is in no team runs the whole process and reads everything, as do
top management and auditors (their roles make no move: permissions.py), and superusers.
While an organisation has no team at all, everyone with a role reads everything (a shop
with one handler). The teams are kept per process, so the rule costs no query.

The complainant is not a viewer here: their private link (selectors.complaint_for_secret)
opens their own complaint and nothing else.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from upheld.organisation.teams import teams

from .errors import NotPermitted, fmt
from .models import Complaint
from .roles import HANDLE, MANAGE, VIEW


def rule(user) -> Q | None:
    """The complaints `user` may read, as a filter; None when they may read none at all
    (no role that reads complaints, an inactive account, nobody signed in)."""
    if user is None or not getattr(user, "is_active", False) or not user.has_perm(VIEW):
        return None
    if user.is_superuser or not user.has_perm(HANDLE):
        return Q()  # top management, auditors: read everything, change nothing
    known = teams()
    if not known.exist:
        return Q()
    mine = known.of(user.pk)
    if not mine and user.has_perm(MANAGE):
        return Q()  # the complaints manager of the whole organisation
    return Q(team_id__in=sorted(mine)) | Q(assignee_id=user.pk) | Q(team__isnull=True)


def visible_complaints(user) -> QuerySet[Complaint]:
    """The complaints `user` may read. Refuses (NotPermitted) someone who may read none,
    so they are told why instead of seeing an empty list."""
    where = rule(user)
    if where is None:
        if user is None or not user.is_authenticated:
            raise NotPermitted(_("Sign in to read complaints."))
        raise NotPermitted(
            fmt(_("{user} has no role that reads complaints."), user=user.get_username())
        )
    return Complaint.objects.filter(where)


def rule_through(user, path: str) -> Q | None:
    """`rule(user)` for rows that reach the complaint through `path` (e.g. "complaint" for
    a clock): the same filter, each condition prefixed, so lists of them follow the rule."""
    where = rule(user)
    return None if where is None else prefixed(where, path)


def prefixed(q: Q, path: str) -> Q:
    """The filter `q` over complaints, read from rows that reach the complaint through
    `path` (`complaint__status` for `status`)."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(prefixed(child, path))
        else:
            key, value = child  # type: ignore[misc]  # a (lookup, value) pair
            out.children.append((f"{path}__{key}", value))
    return out

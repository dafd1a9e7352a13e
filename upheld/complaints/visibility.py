"""Which complaints a person may read (ISO 10002 4.7 confidentiality, 5.3 roles).

ONE rule, used to list complaints and to open one (selectors.py, the admin, the API) and
by the lifecycle before a staff move, so nothing is listed that cannot be opened, nothing
opened that would not be listed, and nobody acts on a complaint they cannot see.

Today whoever holds complaints.view_complaint reads every complaint. Team queues plug in
here, in `rule`: e.g. `Q(team__in=user.teams) | Q(assignee=user)` for a handler, `Q()`
for a complaints manager — and every list, page, API route and move follows.

The complainant is not a viewer here: their private link (selectors.complaint_for_secret)
opens their own complaint and nothing else.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .errors import NotPermitted, fmt
from .models import Complaint
from .roles import VIEW


def rule(user) -> Q | None:
    """The complaints `user` may read, as a filter; None when they may read none at all
    (no role that reads complaints, an inactive account, nobody signed in)."""
    if user is None or not getattr(user, "is_active", False) or not user.has_perm(VIEW):
        return None
    return Q()


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

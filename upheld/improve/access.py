"""Who may do what with the improvement records (ISO 10002 5.3, 8.7), in one place.

The complaints manager (5.3.2) runs the loop: opens and concludes root cause analyses,
raises, closes and checks actions, records external bodies' decisions. Top management and
auditors read everything and change nothing here — except that they may raise an action
from their own records (a management-review decision, an audit finding; upheld.assurance).
A handler sees only the actions they own, and may report them done with their evidence.
"""

from upheld.complaints.roles import HANDLE, MANAGE, VIEW_REPORTS

from .models import Origin

# Origins an auditor or top management may raise an action from.
OWN_RECORDS = {Origin.AUDIT_FINDING, Origin.REVIEW_DECISION}


def _active(user) -> bool:
    return user is not None and getattr(user, "is_active", False)


def may_manage(user) -> bool:
    return _active(user) and user.has_perm(MANAGE)


def may_read_all(user) -> bool:
    """The whole picture: managers, top management, auditors."""
    return _active(user) and (user.has_perm(MANAGE) or user.has_perm(VIEW_REPORTS))


def may_see_actions(user) -> bool:
    """The list of actions: everyone above, and handlers (their own)."""
    return may_read_all(user) or (_active(user) and user.has_perm(HANDLE))


def may_see_action(user, action) -> bool:
    return may_read_all(user) or (may_see_actions(user) and action.owner_id == user.pk)


def may_raise(user, origin: str) -> bool:
    if user is None:  # Upheld itself
        return True
    if may_manage(user):
        return True
    return origin in OWN_RECORDS and may_read_all(user)


def may_report_done(user, action) -> bool:
    """The owner (whoever they are) or a manager."""
    return _active(user) and (action.owner_id == user.pk or may_manage(user))

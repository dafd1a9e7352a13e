"""Who may do what with audits and management reviews (ISO 10002 5.3, 8.5, 8.6), in one place.

Audits and reviews are records of the whole organisation: they are read by those who read
the organisation's figures and every complaint (top management, auditors, the complaints
manager of the whole organisation). Audits are planned by auditors and the complaints
manager; an audit is conducted by its own auditor alone, who records answers and findings
and changes no complaint (the Auditor role makes no move: complaints/permissions.py).
Reviews are held, and their decisions recorded, by top management and the complaints
manager."""

from django.db.models import Q

from upheld.complaints.roles import MANAGE, VIEW_REPORTS
from upheld.complaints.visibility import rule

PLAN = "assurance.plan_audits"
CONDUCT = "assurance.conduct_audits"
HOLD = "assurance.hold_reviews"


def _active(user) -> bool:
    return user is not None and getattr(user, "is_active", False) and user.is_authenticated


def may_read(user) -> bool:
    """The audit programme and the reviews: the organisation's readers."""
    return _active(user) and user.has_perm(VIEW_REPORTS) and rule(user) == Q()


def may_plan(user) -> bool:
    return may_read(user) and user.has_perm(PLAN)


def may_audit(user) -> bool:
    """May be named an auditor in a plan."""
    return may_read(user) and user.has_perm(CONDUCT)


def may_conduct(user, audit) -> bool:
    """Draw the sample, answer the checklist, record findings, report: its auditor."""
    return may_audit(user) and audit.auditor_id == user.pk


def may_hold_review(user) -> bool:
    return may_read(user) and user.has_perm(HOLD)


def may_manage(user) -> bool:
    """The complaints manager of the whole organisation (raises actions from findings)."""
    return may_read(user) and user.has_perm(MANAGE)

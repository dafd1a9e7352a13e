"""What the due dates make Upheld do (ISO 10002 8.7, 4.4; as the complaints' clocks do in
complaints.lifecycle.alerts): a reminder to the owner a few business days before an open
action is due (UPHELD_ACTION_REMIND_DAYS, 5), escalation to the owner and the complaints
managers once its due day has passed, and each effectiveness check run when it comes due,
its verdict told to the owner and the managers. Every point is recorded (ActionAlert, one
per action and point) in the transaction that tells, with the action locked: run twice, or
by two workers at once, nobody is told twice."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from upheld.complaints.lifecycle.alerts import members
from upheld.complaints.roles import COMPLAINTS_MANAGER
from upheld.notify import notices

from ..models import Action, ActionAlert, ActionState, EffectivenessCheck
from .common import organisation_calendar
from .effectiveness import run_check

log = logging.getLogger(__name__)
REMIND = "remind"
ESCALATE = "escalate"
CHECK = "check"


def remind_days() -> int:
    return int(getattr(settings, "UPHELD_ACTION_REMIND_DAYS", 5))


def _context(a: Action) -> dict:
    return {"action": a.pk, "what": a.what[:120], "due_on": a.due.isoformat()}


def _alert(pk: int, point: str, now: datetime, people_of) -> bool:
    """Record the point and tell its people, once. False when it was taken before."""
    try:
        with transaction.atomic():
            a = Action.objects.select_for_update().filter(pk=pk).first()
            if a is None or ActionAlert.objects.filter(action=a, point=point).exists():
                return False
            ActionAlert.objects.create(action=a, point=point, sent_at=now)
            kind, people, context = people_of(a)
            notices.tell(people, kind, context=context)
    except IntegrityError:  # another worker took it first
        return False
    return True


def _not_sent(point: str):
    return ~Exists(ActionAlert.objects.filter(action=OuterRef("pk"), point=point))


def run(now: datetime | None = None, *, batch: int = 500) -> int:
    """The periodic pass: remind, escalate and check what is due. Returns the points acted on."""
    now = now or timezone.now()
    cal = organisation_calendar()
    today = cal.local_date(now)
    soon = cal.business_days_after(today, remind_days())
    managers = members(COMPLAINTS_MANAGER)
    done = 0
    open_actions = Action.objects.filter(state=ActionState.OPEN)
    overdue = open_actions.filter(due__lt=today).filter(_not_sent(ESCALATE))
    for pk in overdue.order_by("due", "pk").values_list("pk", flat=True)[:batch]:
        done += _alert(
            pk,
            ESCALATE,
            now,
            lambda a: ("improve_action_overdue", [a.owner, *managers], _context(a)),
        )
    near = open_actions.filter(due__gte=today, due__lte=soon).filter(_not_sent(REMIND))
    for pk in near.order_by("due", "pk").values_list("pk", flat=True)[:batch]:
        done += _alert(pk, REMIND, now, lambda a: ("improve_action_due", [a.owner], _context(a)))
    checks = EffectivenessCheck.objects.filter(
        checked_at__isnull=True, due_on__lte=today, action__state=ActionState.DONE
    )
    for pk in checks.order_by("due_on", "pk").values_list("action_id", flat=True)[:batch]:
        done += _check(pk, now, managers)
    return done


def _check(pk: int, now: datetime, managers: list) -> bool:
    try:
        with transaction.atomic():
            if ActionAlert.objects.filter(action_id=pk, point=CHECK).exists():
                return False
            check = run_check(pk)
            a = check.action
            ActionAlert.objects.create(action=a, point=CHECK, sent_at=now)
            context = {**_context(a), "verdict": check.verdict}
            notices.tell([a.owner, *managers], "improve_effect_checked", context=context)
    except IntegrityError:
        return False
    except Exception:  # one check that fails never holds up the others
        log.exception("Effectiveness check of action %s failed", pk)
        return False
    return True

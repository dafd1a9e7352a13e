"""The effectiveness check (ISO 10002 8.7; capability row 46): when it comes due (the
period after the action was done, UPHELD_EFFECT_CHECK_DAYS, 90 days by default), the share
of complaints received with the action's cause in the period after it was done is compared
with the share in a period as long before it was raised, from the monitoring's facts.

The verdict: effective when the share fell and a fall that large would come by chance with
probability below ALPHA (one-sided Fisher exact test); not effective when it did not fall;
inconclusive when it fell by too little to tell, or there was nothing to compare (no
complaint with the cause before, or none received at all after); not measurable when the
action names no cause. Only an effective verdict verifies the action; otherwise a manager
reopens it or closes it recording why (capa.close)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput

from ..figures import cause_rate, fewer_by_chance
from ..models import Action, ActionState, EffectivenessCheck, Verdict
from .common import NotNow, organisation_calendar, step, today

ALPHA = 0.05


def verdict_of(before, after, p_value) -> str:
    if before.count == 0 or not before.total or not after.total:
        return Verdict.INCONCLUSIVE
    if after.rate >= before.rate:
        return Verdict.NOT_EFFECTIVE
    return Verdict.EFFECTIVE if p_value is not None and p_value < ALPHA else Verdict.INCONCLUSIVE


def run_check(action, *, by=None) -> EffectivenessCheck:
    """Run the action's check, now that it is due; record the figures and the verdict."""
    with transaction.atomic():
        pk = action.pk if isinstance(action, Action) else action
        a = Action.objects.select_for_update().filter(pk=pk).first()
        if a is None:
            raise InvalidInput({"action": _("No such action.")})
        check = EffectivenessCheck.objects.select_for_update().filter(action=a).first()
        if check is None or a.state != ActionState.DONE:
            raise NotNow(_("Only a done action has an effectiveness check to run."))
        if check.checked_at is not None:
            raise NotNow(_("The effectiveness check has been run already."))
        if check.due_on > today():
            raise NotNow(_("The effectiveness check is not due yet."))
        cal = organisation_calendar()
        done_on = cal.local_date(a.done_at)
        raised_on = cal.local_date(a.raised_at)
        days = timedelta(days=check.period_days)
        check.checked_at, check.checked_by = timezone.now(), by
        if a.cause_id is None:
            check.verdict = Verdict.NOT_MEASURABLE
        else:
            before = cause_rate(a.cause_id, raised_on - days, raised_on)
            after = cause_rate(a.cause_id, done_on, done_on + days)
            check.before_from, check.before_until = before.start, before.end
            check.after_from, check.after_until = after.start, after.end
            check.before_count, check.before_total = before.count, before.total
            check.after_count, check.after_total = after.count, after.total
            check.before_rate, check.after_rate = before.rate, after.rate
            check.p_value = fewer_by_chance(before, after)
            check.verdict = verdict_of(before, after, check.p_value)
        check.save()
        if check.verdict == Verdict.EFFECTIVE:
            a.state = ActionState.VERIFIED
            a.save(update_fields=["state"])
        step(
            "action",
            a.pk,
            "effect_checked",
            by,
            {
                "verdict": check.verdict,
                "before": [check.before_count, check.before_total],
                "after": [check.after_count, check.after_total],
                "p_value": check.p_value,
            },
        )
    return check

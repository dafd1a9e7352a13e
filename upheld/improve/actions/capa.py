"""Corrective and preventive actions (ISO 10002 8.7; capability row 46): raised with what,
kind, owner and a due business day; reported done (which schedules the effectiveness
check); closed only once the effect is verified or a manager records why not."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, fmt

from .. import access
from ..models import (
    Action,
    ActionState,
    EffectivenessCheck,
    Kind,
    Origin,
    RootCause,
    RootCauseState,
)
from .common import NotNow, business_day, person, refuse, step, text, today

DEFAULT_CHECK_DAYS = 90


def check_after_days() -> int:
    """How long after an action is done its effect is checked (UPHELD_EFFECT_CHECK_DAYS)."""
    return int(getattr(settings, "UPHELD_EFFECT_CHECK_DAYS", DEFAULT_CHECK_DAYS))


def raise_action(
    *, by, what, kind, owner, due, origin, note="", root_cause=None, cause=None
) -> Action:
    """ISO 10002 8.7: raise a corrective or preventive action. `by` is the person raising it
    (None: Upheld itself); `due` a business day of the organisation's calendar, not passed;
    `origin` one of Origin's values ("root_cause" needs `root_cause`). The effect is later
    measured on `cause` (a taxonomy term), by default the root cause's."""
    if origin not in Origin.values:
        allowed = ", ".join(Origin.values)
        raise InvalidInput({"origin": fmt(_("Choose one of: {allowed}."), allowed=allowed)})
    if not access.may_raise(by, origin):
        raise refuse(_("Only the complaints manager may raise an action from this origin."))
    errors: dict = {}
    values: dict = {}
    for field, check in (
        ("what", lambda: text(what, "what", limit=2000)),
        ("owner", lambda: person(owner, "owner")),
        ("due", lambda: business_day(due, "due")),
        ("note", lambda: text(note, "note", required=False)),
    ):
        try:
            values[field] = check()
        except InvalidInput as e:
            errors.update(e.errors)
    if kind not in Kind.values:
        errors["kind"] = [_("Choose corrective or preventive.")]
    if origin == Origin.ROOT_CAUSE and not isinstance(root_cause, RootCause):
        errors["root_cause"] = [_("An action from a root cause analysis names the analysis.")]
    elif (
        root_cause is not None
        and not RootCause.objects.filter(pk=root_cause.pk, state=RootCauseState.CONCLUDED).exists()
    ):
        errors["root_cause"] = [_("Conclude the analysis before raising its actions.")]
    if errors:
        raise InvalidInput(errors)
    if cause is None and root_cause is not None:
        root_cause.refresh_from_db(fields=["cause", "state"])
        cause = root_cause.cause
    with transaction.atomic():
        action = Action.objects.create(
            **values,
            kind=kind,
            origin=origin,
            root_cause=root_cause,
            cause=cause,
            raised_by=by,
            raised_at=timezone.now(),
        )
        step(
            "action",
            action.pk,
            "raised",
            by,
            {"kind": kind, "origin": origin, "owner": action.owner_id, "due": str(action.due)},
        )
    return action


def _locked(action) -> Action:
    pk = action.pk if isinstance(action, Action) else action
    found = Action.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise InvalidInput({"action": _("No such action.")})
    return found


def complete(action, *, by, note: str, check_after: int | None = None) -> Action:
    """The owner (or a manager) reports the action done, saying what was done; its
    effectiveness check is scheduled `check_after` days later (UPHELD_EFFECT_CHECK_DAYS)."""
    note = text(note, "done_note", limit=5000)
    days = check_after_days() if check_after is None else check_after
    if not isinstance(days, int) or not 1 <= days <= 730:
        raise InvalidInput({"check_after": _("Give a whole number of days from 1 to 730.")})
    with transaction.atomic():
        a = _locked(action)
        if not access.may_report_done(by, a):
            raise refuse(_("Only the action's owner or the complaints manager may report it done."))
        if a.state != ActionState.OPEN:
            raise NotNow(_("Only an open action can be reported done."))
        a.state, a.done_at, a.done_note = ActionState.DONE, timezone.now(), note
        a.save(update_fields=["state", "done_at", "done_note"])
        EffectivenessCheck.objects.filter(action=a).delete()
        EffectivenessCheck.objects.create(
            action=a, due_on=today() + timedelta(days=days), period_days=days
        )
        step("action", a.pk, "done", by, {"check_after_days": days})
    return a


def reopen(action, *, by, why: str) -> Action:
    """A manager sends a done action back (its effect was not there, or more is needed)."""
    why = text(why, "why", limit=2000)
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may reopen an action."))
    with transaction.atomic():
        a = _locked(action)
        if a.state != ActionState.DONE:
            raise NotNow(_("Only a done action whose effect is not verified can be reopened."))
        a.state, a.done_at = ActionState.OPEN, None
        a.save(update_fields=["state", "done_at"])
        EffectivenessCheck.objects.filter(action=a).delete()
        step("action", a.pk, "reopened", by, {"why": why})
    return a


def close(action, *, by, unverified_reason: str = "") -> Action:
    """ISO 10002 8.7: close an action. Its effect verified, or a manager records why not
    (`unverified_reason`); refused otherwise, naming that field."""
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may close an action."))
    reason = text(unverified_reason, "unverified_reason", required=False, limit=2000)
    with transaction.atomic():
        a = _locked(action)
        if a.state == ActionState.CLOSED:
            raise NotNow(_("The action is closed already."))
        if a.state == ActionState.OPEN:
            raise NotNow(_("An open action cannot be closed: report it done first."))
        if a.state != ActionState.VERIFIED and not reason:
            raise InvalidInput(
                {
                    "unverified_reason": _(
                        "Its effect is not verified: record why the action is closed all the same."
                    )
                }
            )
        a.state, a.closed_at, a.closed_by = ActionState.CLOSED, timezone.now(), by
        a.unverified_reason = reason if reason else ""
        a.save(update_fields=["state", "closed_at", "closed_by", "unverified_reason"])
        step("action", a.pk, "closed", by, {"unverified_reason": a.unverified_reason})
    return a

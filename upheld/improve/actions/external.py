"""External bodies' decisions recorded back (ISO 10002 8.7; DISP 1.3.2AG; capability row
55): what an ombudsman or another external body decided on a complaint — for or against the
organisation, when, in short —, linked to the complaint's handler and, where it points at a
gap, to a training course or an action. It does not change the complaint (its referral is a
move of the lifecycle already): the record and its step stay here."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import Complaint, ExternalReferral
from upheld.complaints.visibility import rule
from upheld.organisation.models import ExternalBody
from upheld.organisation.training import Course

from .. import access
from ..models import Action, ExternalDecision, Finding
from .common import person, refuse, step, text, today


def _complaint(by, complaint) -> Complaint:
    where = rule(by)
    qs = Complaint.objects.filter(where) if where is not None else Complaint.objects.none()
    if isinstance(complaint, Complaint):
        complaint = complaint.reference
    found = qs.filter(reference=str(complaint or "").strip()).first()
    if found is None:
        raise InvalidInput({"complaint": _("No complaint you may read has this reference.")})
    return found


def _one(model, value, field: str, message):
    if value in (None, ""):
        return None
    if isinstance(value, model):
        return value
    found = model.objects.filter(pk=value).first() if str(value).isdigit() else None
    if found is None:
        raise InvalidInput({field: message})
    return found


def record_external_decision(
    *,
    by,
    complaint,
    body,
    decided_on,
    finding: str,
    summary: str,
    handler=None,
    course=None,
    action=None,
) -> ExternalDecision:
    """Record an external body's decision on a complaint (the complaints manager)."""
    if not access.may_manage(by):
        raise refuse(_("Only the complaints manager may record an external body's decision."))
    errors: dict = {}
    values: dict = {}
    checks = {
        "complaint": lambda: _complaint(by, complaint),
        "body": lambda: (
            _one(ExternalBody, body, "body", _("Choose an external body.")) or _required("body")
        ),
        "summary": lambda: text(summary, "summary", limit=5000),
        "course": lambda: _one(Course, course, "course", _("Choose a training course.")),
        "action": lambda: _one(Action, action, "action", _("Choose an action.")),
        "handler": lambda: person(handler, "handler") if handler not in (None, "") else None,
    }
    for field, check in checks.items():
        try:
            values[field] = check()
        except InvalidInput as e:
            errors.update(e.errors)
    if not isinstance(decided_on, date):
        errors["decided_on"] = [_("Give a date (YYYY-MM-DD).")]
    elif decided_on > today():
        errors["decided_on"] = [_("Give a date that is not in the future.")]
    if finding not in Finding.values:
        errors["finding"] = [_("Choose for or against the organisation.")]
    if errors:
        raise InvalidInput(errors)
    c = values["complaint"]
    if values["handler"] is None and c.assignee_id is not None:
        values["handler"] = c.assignee
    referral = (
        ExternalReferral.objects.filter(complaint=c, body=values["body"])
        .order_by("-referred_at")
        .first()
    )
    with transaction.atomic():
        record = ExternalDecision.objects.create(
            **values,
            decided_on=decided_on,
            finding=finding,
            referral=referral,
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        step(
            "external_decision",
            record.pk,
            "recorded",
            by,
            {"complaint": c.reference, "finding": finding, "body": values["body"].pk},
        )
    return record


def _required(field: str):
    raise InvalidInput({field: _("This field is required.")})

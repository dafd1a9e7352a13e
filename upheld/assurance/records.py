"""Every change to the audit programme (ISO 10002 8.5) and to management reviews (8.6).

Each function checks who acts (access.py), checks its input (InvalidInput naming the field;
nothing is changed on refusal), and writes in one transaction. The auditor is independent
of what they audit: they never audit a complaint they handled (were assigned or made any
move on), decided or were involved in, nor one of their own teams' — the sample leaves those
out when it is drawn (sampling.own), and every answer and finding is checked again when it
is recorded (the auditor may have joined a team, or been given a complaint, since). The
auditor records; no complaint is changed here."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import ConflictOfInterest, InvalidInput, NotPermitted, fmt
from upheld.complaints.models import Complaint
from upheld.improve.actions import raise_action
from upheld.improve.models import Origin

from . import access, checks, sampling
from .checks import NotNow
from .models import (
    Answer,
    Audit,
    AuditPlan,
    AuditState,
    ChecklistAnswer,
    Finding,
    FindingKind,
    Review,
    ReviewDecision,
    SampledComplaint,
    Topic,
)

MAX_SAMPLE = 1000


def _independent(auditor, complaints) -> None:
    """ISO 10002 8.5, 4.5: an auditor does not audit their own work or their team's."""
    ids = [c.pk for c in complaints]
    own = (
        Complaint.objects.filter(pk__in=ids)
        .filter(sampling.own(auditor))
        .values_list("reference", flat=True)
        .distinct()
    )
    references = sorted(own)
    if references:
        raise ConflictOfInterest(
            fmt(
                _(
                    "{auditor} handled, decided or was involved in {references}, or it is "
                    "their team's: an auditor does not audit their own work."
                ),
                auditor=auditor.get_username(),
                references=", ".join(references),
            )
        )


def _locked(audit: Audit, by) -> Audit:
    audit = Audit.objects.select_for_update().select_related("auditor").get(pk=audit.pk)
    if not access.may_conduct(by, audit):
        raise NotPermitted(_("Only the audit's auditor records its sample, answers and findings."))
    return audit


def _sampled(audit: Audit) -> None:
    if audit.state == AuditState.PLANNED:
        raise NotNow(_("Draw the audit's sample first."))
    if audit.state == AuditState.REPORTED:
        raise NotNow(_("The audit is reported: its records are closed."))


# ------------------------------------------------------------------ the audit programme


def plan_audit(*, by, title, start, end, scope, clauses, auditors) -> AuditPlan:
    """ISO 10002 8.5: an audit plan for a period — its scope, clauses and auditors."""
    if not access.may_plan(by):
        raise NotPermitted(_("Only an auditor or the complaints manager plans audits."))
    errors: dict = {}
    title = checks.text(title, "title", errors, limit=200)
    scope = checks.text(scope, "scope", errors)
    checks.period(start, end, errors)
    chosen = checks.clauses(clauses, "clauses", errors)
    people = checks.people(auditors, "auditors", errors, may=access.may_audit)
    checks.done(errors)
    with transaction.atomic():
        plan = AuditPlan.objects.create(
            title=title,
            period_start=start,
            period_end=end,
            scope=scope,
            clauses=chosen,
            planned_by=by,
            planned_at=timezone.now(),
        )
        plan.auditors.set(people)
    return plan


def schedule_audit(plan: AuditPlan, *, by, auditor, planned_on, clauses, size, seed=None) -> Audit:
    """An audit of the plan: by one of its auditors, on a date, of some of its clauses, on
    a sample of `size` complaints drawn with `seed` (chosen at random when not given, and
    recorded either way)."""
    if not access.may_plan(by):
        raise NotPermitted(_("Only an auditor or the complaints manager plans audits."))
    errors: dict = {}
    if not plan.auditors.filter(pk=getattr(auditor, "pk", None)).exists():
        errors["auditor"] = _("Choose one of the plan's auditors.")
    checks.day(planned_on, "planned_on", errors)
    chosen = checks.clauses(clauses, "clauses", errors, within=plan.clauses)
    if not isinstance(size, int) or not 1 <= size <= MAX_SAMPLE:
        errors["size"] = fmt(_("Give a whole number from 1 to {top}."), top=MAX_SAMPLE)
    if seed is None:
        seed = secrets.randbelow(10**9)
    elif not isinstance(seed, int) or not 0 <= seed < 2**62:
        errors["seed"] = _("Give a whole number of 0 or more.")
    checks.done(errors)
    return Audit.objects.create(
        plan=plan, auditor=auditor, planned_on=planned_on, clauses=chosen, sample_size=size,
        seed=seed,
    )  # fmt: skip


def draw_sample(audit: Audit, *, by) -> list[SampledComplaint]:
    """The audit's random sample (sampling.draw): stratified by channel, outcome and team,
    from the recorded seed, none of the auditor's own complaints."""
    with transaction.atomic():
        audit = _locked(audit, by)
        if audit.state != AuditState.PLANNED:
            raise NotNow(_("The sample is drawn already."))
        plan = audit.plan
        drawn = sampling.draw(
            plan.period_start, plan.period_end, audit.sample_size, audit.seed, auditor=by
        )
        if not drawn:
            raise InvalidInput(
                {"size": _("No complaint received in the plan's period may be audited by you.")}
            )
        ids = dict(
            Complaint.objects.filter(reference__in=[d.reference for d in drawn]).values_list(
                "reference", "pk"
            )
        )
        rows = SampledComplaint.objects.bulk_create(
            SampledComplaint(
                audit=audit,
                complaint_id=ids[d.reference],
                position=i,
                channel=d.channel,
                outcome=d.outcome,
                team=d.team,
            )  # fmt: skip
            for i, d in enumerate(drawn, start=1)
        )
        audit.state, audit.drawn_at = AuditState.SAMPLED, timezone.now()
        audit.save(update_fields=["state", "drawn_at"])
    return rows


def _in_sample(audit: Audit, complaints, field: str) -> None:
    ids = {c.pk for c in complaints}
    found = set(
        SampledComplaint.objects.filter(audit=audit, complaint_id__in=ids).values_list(
            "complaint_id", flat=True
        )
    )
    if ids - found:
        raise InvalidInput({field: _("Choose complaints of the audit's sample.")})


def record_answer(
    audit: Audit, *, by, clause, complaint=None, procedure, objectives, note=""
) -> ChecklistAnswer:
    """The checklist (8.5): for a clause, for one complaint of the sample or for the clause
    as a whole — was the procedure followed, are the objectives met, and a note. Answering
    again replaces the answer."""
    with transaction.atomic():
        audit = _locked(audit, by)
        _sampled(audit)
        errors: dict = {}
        if clause not in audit.clauses:
            errors["clause"] = _("Choose one of the audit's clauses.")
        if procedure not in Answer.values:
            errors["procedure"] = _("Choose yes, partly, no or not applicable.")
        if objectives not in Answer.values:
            errors["objectives"] = _("Choose yes, partly, no or not applicable.")
        note = checks.text(note, "note", errors, required=False)
        if complaint is not None and not isinstance(complaint, Complaint):
            errors["complaint"] = _("Choose complaints of the audit's sample.")
        checks.done(errors)
        if complaint is not None:
            _in_sample(audit, [complaint], "complaint")
            _independent(by, [complaint])
        answer, _created = ChecklistAnswer.objects.update_or_create(
            audit=audit,
            clause=clause,
            complaint=complaint,
            defaults={
                "procedure": procedure,
                "objectives": objectives,
                "note": note,
                "answered_at": timezone.now(),
            },
        )
    return answer


def record_finding(audit: Audit, *, by, kind, clause, statement, complaints=()) -> Finding:
    """A finding (8.5): a major or minor nonconformity, an observation or an opportunity
    for improvement, against a clause, with the complaints of the sample that show it."""
    with transaction.atomic():
        audit = _locked(audit, by)
        _sampled(audit)
        errors: dict = {}
        if kind not in FindingKind.values:
            errors["kind"] = _("Choose a kind of finding.")
        if clause not in audit.clauses:
            errors["clause"] = _("Choose one of the audit's clauses.")
        statement = checks.text(statement, "statement", errors)
        complaints = list(complaints or [])
        if not all(isinstance(c, Complaint) for c in complaints):
            errors["complaints"] = _("Choose complaints of the audit's sample.")
        checks.done(errors)
        _in_sample(audit, complaints, "complaints")
        _independent(by, complaints)
        finding = Finding.objects.create(
            audit=audit, kind=kind, clause=clause, statement=statement,
            recorded_at=timezone.now(),
        )  # fmt: skip
        finding.complaints.set(complaints)
    return finding


def report_audit(audit: Audit, *, by, conclusion) -> Audit:
    """The audit's conclusion; its records close. Each clause is answered as a whole first."""
    with transaction.atomic():
        audit = _locked(audit, by)
        _sampled(audit)
        errors: dict = {}
        conclusion = checks.text(conclusion, "conclusion", errors)
        answered = set(
            ChecklistAnswer.objects.filter(audit=audit, complaint__isnull=True).values_list(
                "clause", flat=True
            )
        )
        missing = [c for c in audit.clauses if c not in answered]
        if missing:
            errors["conclusion"] = fmt(
                _("Answer the checklist for each clause as a whole first: {clauses}."),
                clauses=", ".join(missing),
            )
        checks.done(errors)
        audit.conclusion, audit.state = conclusion, AuditState.REPORTED
        audit.reported_at = timezone.now()
        audit.save(update_fields=["conclusion", "state", "reported_at"])
    return audit


# ------------------------------------------------------------------ management reviews


def hold_review(*, by, start, end, held_on, attendees, others="", notes="") -> Review:
    """ISO 10002 8.6: a management review of a period, its pack frozen as it was when the
    review was held (the PDF and its SHA-256), and who attended."""
    if not access.may_hold_review(by):
        raise NotPermitted(_("Only top management or the complaints manager holds reviews."))
    errors: dict = {}
    checks.period(start, end, errors)
    if checks.day(held_on, "held_on", errors) and held_on > timezone.localdate():
        errors["held_on"] = _("Record a review once it is held: the day is in the future.")
    people = checks.people(attendees, "attendees", errors)
    others = checks.text(others, "others", errors, required=False, limit=2000)
    notes = checks.text(notes, "notes", errors, required=False)
    checks.done(errors)
    from .pack import review_pack

    with transaction.atomic():
        pdf = review_pack(start, end, held_on)
        review = Review.objects.create(
            period_start=start, period_end=end, held_on=held_on, other_attendees=others,
            notes=notes, pack=pdf, pack_sha256=hashlib.sha256(pdf).hexdigest(), held_by=by,
            recorded_at=timezone.now(),
        )  # fmt: skip
        review.attendees.set(people)
    return review


def record_decision(review: Review, *, by, topic, what, owner, due, kind="corrective"):
    """A decision of the review (8.6 outputs): on the process, the products, resources or
    training — raised as an action (upheld.improve: who, by when, followed to closure) in
    the same transaction."""
    if not access.may_hold_review(by):
        raise NotPermitted(_("Only top management or the complaints manager holds reviews."))
    errors: dict = {}
    if topic not in Topic.values:
        errors["topic"] = _("Choose the process, products, resources or training.")
    what = checks.text(what, "what", errors, limit=2000)
    if checks.day(due, "due", errors) and due < review.held_on:
        errors["due"] = _("Give a day after the review.")
    with transaction.atomic():
        review = Review.objects.defer("pack").select_for_update().get(pk=review.pk)
        action = _raise(errors, by=by, what=what, kind=kind, owner=owner, due=due,
                        origin=Origin.REVIEW_DECISION,
                        note=fmt(_("Decision of the management review held on {day}."),
                                 day=review.held_on.isoformat()))  # fmt: skip
        return ReviewDecision.objects.create(
            review=review, topic=topic, what=what, action=action, recorded_at=timezone.now()
        )


def raise_finding_action(finding: Finding, *, by, what, kind, owner, due):
    """An action raised from a finding (8.5 → 8.7), by the audit's auditor or the
    complaints manager; one per finding, followed to closure in upheld.improve."""
    audit = finding.audit
    if not (access.may_conduct(by, audit) or access.may_manage(by)):
        raise NotPermitted(_("The audit's auditor or the complaints manager raises its actions."))
    if audit.state == AuditState.PLANNED:
        raise NotNow(_("Draw the audit's sample first."))
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.action_id is not None:
            raise NotNow(_("An action is raised from this finding already."))
        note = fmt(_("Finding of the audit of {day} ({clause})."),
                   day=audit.planned_on.isoformat(), clause=finding.clause)  # fmt: skip
        finding.action = _raise({}, by=by, what=what, kind=kind, owner=owner, due=due,
                                origin=Origin.AUDIT_FINDING, note=note)  # fmt: skip
        finding.save(update_fields=["action"])
    return finding


def _raise(errors: dict, *, note, **given):
    """improve's raise_action, its refusals named on the same fields as this app's."""
    try:
        action = raise_action(note=str(note), **given)
    except InvalidInput as refused:
        errors = {**refused.errors, **errors}
        checks.done(errors)
        raise
    checks.done(errors)
    return action

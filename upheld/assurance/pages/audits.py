"""The auditor's pages (ISO 10002 8.5): the audit programme (plans, newest first), a plan and
its audits, one audit — its sample (drawn here, in pages), its checklist, its findings and
the actions raised from them, its report and the report as PDF."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.models import Complaint
from upheld.web.once import recorded_once

from .. import access, records, selectors
from ..checks import NotNow
from ..clauses import title
from ..forms import AnswerForm, AuditForm, FindingActionForm, FindingForm, PlanForm, ReportForm
from ..models import AuditState
from ..report import audit_report
from .common import Refused, assurance_page, attempt, cursor, refused


@require_GET
@assurance_page
def home(request):
    plans, more = selectors.plans_page(request.user, cursor(request, "before"))
    return render(
        request,
        "assurance/home.html",
        {
            "plans": plans,
            "more": more,
            "first_page": cursor(request, "before") is None,
            "may_plan": access.may_plan(request.user),
            "may_hold": access.may_hold_review(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@assurance_page
@recorded_once
def plan_new(request):
    if not access.may_plan(request.user):
        return _refused(request)
    form = PlanForm(request.POST or None)
    form.status = 400
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = attempt(request, form, lambda: records.plan_audit(by=request.user, **data))
        except Refused as r:
            return r.response
        if plan is not None:
            messages.success(request, _("The audit plan is recorded."))
            return redirect("assurance:plan", plan.pk)
    status = form.status if request.method == "POST" else 200
    return render(request, "assurance/plan_new.html", {"form": form}, status=status)


def _plan_or_404(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    if plan is None:
        raise Http404(pk)
    return plan


@require_http_methods(["GET", "POST"])
@assurance_page
@recorded_once
def plan(request, plan: int):
    found = _plan_or_404(request, plan)
    form = AuditForm(found, request.POST or None)
    form.status = 400
    if request.method == "POST":
        if not access.may_plan(request.user):
            return _refused(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                audit = attempt(
                    request, form, lambda: records.schedule_audit(found, by=request.user, **data)
                )
            except Refused as r:
                return r.response
            if audit is not None:
                messages.success(request, _("The audit is planned."))
                return redirect("assurance:audit", audit.pk)
    context = {
        "plan": found,
        "clauses": [title(c) for c in found.clauses],
        "audits": selectors.audits_of(found),
        "form": form,
        "may_plan": access.may_plan(request.user),
    }
    status = form.status if request.method == "POST" else 200
    return render(request, "assurance/plan.html", context, status=status)


def _audit_or_404(request, pk: int):
    audit = selectors.audit_for(request.user, pk)
    if audit is None:
        raise Http404(pk)
    return audit


def _refused(request):
    return refused(request, _("Only an auditor or the complaints manager plans audits."))


def _show(request, audit, status: int = 200, **forms):
    """The audit's page; `forms` are bound forms that were refused (shown with their
    errors), the others are fresh."""
    sample_rows, more = selectors.sample_page(audit, cursor(request, "after"))
    choices = selectors.sample_choices(audit) if audit.state == AuditState.SAMPLED else []
    findings = selectors.findings_of(audit)
    conducts = access.may_conduct(request.user, audit)
    open_ = audit.state == AuditState.SAMPLED
    context = {
        "audit": audit,
        "plan": audit.plan,
        "clauses": [title(c) for c in audit.clauses],
        "sample": sample_rows,
        "more": more,
        "checklist": [(title(c.clause), c) for c in selectors.checklist(audit)],
        "findings": findings,
        "conducts": conducts,
        "open": open_,
        "raises": conducts or access.may_manage(request.user),
        "redraw": (
            f"upheld audit-sample --from {audit.plan.period_start} --to {audit.plan.period_end} "
            f"--size {audit.sample_size} --seed {audit.seed} "
            f"--auditor {audit.auditor.get_username()}"
        ),
        "answer_form": forms.get("answer") or AnswerForm(audit, choices),
        "finding_form": forms.get("finding") or FindingForm(audit, choices),
        "action_form": forms.get("action") or FindingActionForm(findings),
        "report_form": forms.get("report") or ReportForm(),
    }
    context["form"] = next(iter(forms.values()), None)  # the error summary's
    return render(request, "assurance/audit.html", context, status=status)


@require_GET
@assurance_page
def audit(request, audit: int):
    return _show(request, _audit_or_404(request, audit))


@require_POST
@assurance_page
@recorded_once
def draw(request, audit: int):
    found = _audit_or_404(request, audit)
    try:
        records.draw_sample(found, by=request.user)
    except NotPermitted as error:
        return refused(request, str(error))
    except (NotNow, InvalidInput) as error:
        messages.error(request, _message(error))
        return _show(request, found, status=409)
    messages.success(request, _("The sample is drawn."))
    return redirect("assurance:audit", found.pk)


def _message(error) -> str:
    if isinstance(error, InvalidInput):
        return " ".join(m for ms in error.messages().values() for m in ms)
    return str(error)


def _complaints(ids) -> list:
    return list(Complaint.objects.filter(pk__in=ids or []))


def _conduct(request, audit: int, key: str, form_class, write, done: str):
    """A POST of one of the audit's forms by its auditor (or, for actions, the manager)."""
    found = _audit_or_404(request, audit)
    if key == "action":
        findings = selectors.findings_of(found)
        form = FindingActionForm(findings, request.POST)
    elif key in ("answer", "finding"):
        form = form_class(found, selectors.sample_choices(found), request.POST)
    else:
        form = form_class(request.POST)
    form.status = 400
    if not (access.may_conduct(request.user, found) or key == "action"):
        return refused(
            request, _("Only the audit's auditor records its sample, answers and findings.")
        )
    if form.is_valid():
        try:
            made = attempt(request, form, lambda: write(found, form.cleaned_data))
        except Refused as r:
            return r.response
        if made is not None:
            messages.success(request, done)
            anchor = {"answer": "checklist", "finding": "findings", "action": "findings"}
            return redirect(
                reverse("assurance:audit", args=[found.pk]) + "#" + anchor.get(key, "report")
            )
    return _show(request, found, status=form.status, **{key: form})


@require_POST
@assurance_page
@recorded_once
def answer(request, audit: int):
    def write(found, data):
        complaint = _complaints([data["complaint"]])[0] if data["complaint"] else None
        data = {**data, "complaint": complaint}
        return records.record_answer(found, by=request.user, **data)

    return _conduct(request, audit, "answer", AnswerForm, write, _("The answer is recorded."))


@require_POST
@assurance_page
@recorded_once
def finding(request, audit: int):
    def write(found, data):
        data = {**data, "complaints": _complaints(data["complaints"])}
        return records.record_finding(found, by=request.user, **data)

    return _conduct(request, audit, "finding", FindingForm, write, _("The finding is recorded."))


@require_POST
@assurance_page
@recorded_once
def finding_action(request, audit: int):
    def write(found, data):
        data = dict(data)
        pk = data.pop("finding")
        chosen = next(f for f in selectors.findings_of(found) if f.pk == pk)
        return records.raise_finding_action(chosen, by=request.user, **data)

    return _conduct(request, audit, "action", FindingActionForm, write, _("The action is raised."))


@require_POST
@assurance_page
@recorded_once
def report(request, audit: int):
    def write(found, data):
        return records.report_audit(found, by=request.user, **data)

    return _conduct(request, audit, "report", ReportForm, write, _("The audit is reported."))


@require_GET
@assurance_page
def report_pdf(request, audit: int):
    found = _audit_or_404(request, audit)
    response = HttpResponse(audit_report(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="audit-{found.pk}-report.pdf"'
    return response

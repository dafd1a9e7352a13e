from urllib.parse import urlencode

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upheld.complaints.errors import LifecycleError
from upheld.web.once import recorded_once

from .. import access, selectors
from ..actions import close, complete, reopen
from ..actions.common import today
from ..actions.effectiveness import run_check
from ..actions.evidence import add_evidence
from ..forms import CloseForm, DoneForm, EvidenceForm, ReopenForm
from ..models import EffectivenessCheck, Evidence
from .common import forbidden, refused, staff_page

STEPS = {
    "done": DoneForm,
    "evidence": EvidenceForm,
    "reopen": ReopenForm,
    "close": CloseForm,
    "check": None,
}
OWNER_STEPS = ("done", "evidence")


@staff_page
@require_GET
def actions(request):
    state = request.GET.get("state", "")
    mine = request.GET.get("mine") == "1"
    page = selectors.actions_for(
        request.user, state=state, mine=mine, before=selectors.cursor(request.GET.get("before"))
    )
    if page is None:
        return forbidden(request)
    return render(
        request,
        "improve/actions.html",
        {
            "page": page,
            "state": state,
            "mine": mine,
            "today": today(),
            "all": access.may_read_all(request.user),
            "keep": urlencode(
                {k: v for k, v in (("state", state), ("mine", "1" if mine else "")) if v}
            ),
        },
    )


def _page(request, a, given=None, status=200):
    given = given or {}
    check = EffectivenessCheck.objects.filter(action=a).first()
    user = request.user
    return render(
        request,
        "improve/action.html",
        {
            "a": a,
            "check": check,
            "evidence": list(a.evidence.all()),
            "steps": selectors.steps_of("action", a.pk),
            "overdue": a.state == "open" and a.due < today(),
            "check_due": check is not None and check.checked_at is None and check.due_on <= today(),
            "may_report": access.may_report_done(user, a),
            "manages": access.may_manage(user),
            **{
                f"{name}_form": given.get(name) or (cls() if cls else None)
                for name, cls in STEPS.items()
            },
        },
        status=status,
    )


@staff_page
@require_GET
def action(request, pk: int):
    a = selectors.action_for(request.user, pk)
    if a is None:
        raise Http404(str(pk))
    return _page(request, a)


@staff_page
@require_http_methods(["GET", "POST"])
@recorded_once
def action_step(request, pk: int, step: str):
    a = selectors.action_for(request.user, pk)
    if a is None or step not in STEPS:
        raise Http404(step)
    allowed = access.may_report_done if step in OWNER_STEPS else lambda u, _a: access.may_manage(u)
    if not allowed(request.user, a):
        return forbidden(request)
    if request.method == "GET":
        return redirect("improve:action", a.pk)
    cls = STEPS[step]
    form = cls(request.POST, request.FILES) if cls else None
    if form is not None and not form.is_valid():
        return _page(request, a, {step: form}, status=400)
    d = form.cleaned_data if form is not None else {}
    try:
        if step == "done":
            complete(a, by=request.user, note=d["done_note"], check_after=d["check_after"])
        elif step == "evidence":
            upload = d["file"]
            add_evidence(a, by=request.user, filename=upload.name, content=upload.read())
        elif step == "reopen":
            reopen(a, by=request.user, why=d["why"])
        elif step == "close":
            close(a, by=request.user, unverified_reason=d["unverified_reason"])
        else:
            run_check(a, by=request.user)
    except LifecycleError as e:
        shown, status = refused(form or forms.Form(), e)
        return _page(request, selectors.action_for(request.user, pk), {step: shown}, status=status)
    return redirect("improve:action", a.pk)


@staff_page
@require_GET
def evidence(request, pk: int, evidence: int):
    a = selectors.action_for(request.user, pk)
    found = Evidence.objects.filter(pk=evidence, action=a).first() if a else None
    if found is None or not found.file:
        raise Http404(str(evidence))
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(str(evidence)) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.filename or f"evidence-{found.pk}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return response

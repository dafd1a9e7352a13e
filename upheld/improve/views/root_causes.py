from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upheld.complaints.errors import InvalidInput, LifecycleError
from upheld.insight.access import facts_for
from upheld.insight.reports import period
from upheld.insight.trends import problems
from upheld.web.once import recorded_once

from .. import access, selectors
from ..actions import raise_action
from ..actions.root_causes import conclude, open_root_cause, problem_title, record_analysis
from ..forms import AnalysisForm, RaiseForm, StartForm
from ..models import Origin
from .common import forbidden, refused, staff_page


@staff_page
@require_GET
def root_causes(request):
    state = request.GET.get("state", "")
    page = selectors.root_causes_for(
        request.user,
        state=state,
        before=selectors.cursor(request.GET.get("before")),
    )
    if page is None:
        return forbidden(request)
    return render(
        request,
        "improve/root_causes.html",
        {
            "page": page,
            "state": state,
            "keep": f"state={state}" if state in ("open", "concluded") else "",
            "manages": access.may_manage(request.user),
        },
    )


def _flagged(request) -> dict:
    """The start form's values from a problem the monitoring flagged (?cause=&from=&to=&kind=)
    or from a complaint (?complaint=REF); nothing when they do not hold."""
    q = request.GET
    if q.get("complaint"):
        return {"complaints": q["complaint"][:32]}
    form = StartForm(
        {"flagged_from": q.get("from"), "flagged_until": q.get("to"), "flagged_kind": q.get("kind")}
    )
    form.is_valid()
    start, end = form.cleaned_data.get("flagged_from"), form.cleaned_data.get("flagged_until")
    cause, view = q.get("cause", ""), q.get("view", "organisation")
    facts = facts_for(request.user, view) if view in ("mine", "team", "organisation") else None
    if not (start and end and cause.isdigit() and facts is not None and start <= end):
        return {}
    for p in problems(*period(start, end), facts=facts, limit=50):
        if str(p.key) == cause and p.kind == q.get("kind"):
            return {
                "title": problem_title(p.kind, p.name),
                "complaints": "\n".join(p.references),
                "cause": cause,
                "flagged_kind": p.kind,
                "flagged_from": start,
                "flagged_until": end,
            }
    return {}


@staff_page
@require_http_methods(["GET", "POST"])
@recorded_once
def start(request):
    """Open a root cause analysis: on a flagged problem, a complaint, or chosen references."""
    if not access.may_manage(request.user):
        return forbidden(request)
    status = 200
    if request.method == "POST":
        form = StartForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                rc = open_root_cause(
                    by=request.user,
                    title=d["title"],
                    complaints=form.references(),
                    owner=d["owner"],
                    method=d["method"],
                    cause=d["cause"] or None,
                    flagged_kind=d["flagged_kind"] or "",
                    flagged_from=d["flagged_from"],
                    flagged_until=d["flagged_until"],
                )
                return redirect("improve:root_cause", rc.pk)
            except LifecycleError as e:
                form, status = refused(form, e)
        else:
            status = 400
    else:
        form = StartForm(initial={"owner": request.user.pk, **_flagged(request)})
    return render(request, "improve/start.html", {"form": form}, status=status)


def _analysis_form(rc) -> AnalysisForm:
    return AnalysisForm(
        initial={
            "method": rc.method,
            "notes": rc.notes,
            "cause": str(rc.cause_id or ""),
            "affects_others": {True: "yes", False: "no"}.get(rc.affects_others, ""),
            "affects_which": rc.affects_which,
        }
    )


def _page(request, rc, *, analysis=None, raising=None, status=200):
    refs, hidden = selectors.complaints_of(request.user, rc)
    return render(
        request,
        "improve/root_cause.html",
        {
            "rc": rc,
            "references": refs,
            "hidden": hidden,
            "actions": list(rc.actions.select_related("owner").order_by("pk")),
            "steps": selectors.steps_of("root_cause", rc.pk),
            "manages": access.may_manage(request.user),
            "analysis": analysis or _analysis_form(rc),
            "raising": raising or RaiseForm(initial={"kind": "corrective", "owner": rc.owner_id}),
        },
        status=status,
    )


@staff_page
@require_GET
def root_cause(request, pk: int):
    rc = selectors.root_cause_for(request.user, pk)
    if rc is None:
        raise Http404(str(pk))
    return _page(request, rc)


@staff_page
@require_http_methods(["GET", "POST"])
@recorded_once
def root_cause_step(request, pk: int, step: str):
    if not access.may_manage(request.user):
        return forbidden(request)
    rc = selectors.root_cause_for(request.user, pk)
    if rc is None or step not in ("analysis", "conclude", "raise"):
        raise Http404(step)
    if request.method == "GET":
        return redirect("improve:root_cause", rc.pk)
    analysis = raising = None
    try:
        if step == "analysis":
            analysis = AnalysisForm(request.POST)
            if not analysis.is_valid():
                return _page(request, rc, analysis=analysis, status=400)
            d = analysis.cleaned_data
            record_analysis(rc, by=request.user, method=d["method"], notes=d["notes"],
                            cause=d["cause"] or None, affects_others=analysis.answer(),
                            affects_which=d["affects_which"])  # fmt: skip
        elif step == "conclude":
            analysis = _analysis_form(rc)
            conclude(rc, by=request.user)
        else:
            raising = RaiseForm(request.POST)
            if not raising.is_valid():
                return _page(request, rc, raising=raising, status=400)
            d = raising.cleaned_data
            a = raise_action(by=request.user, what=d["what"], kind=d["kind"], owner=d["owner"],
                             due=d["due"], origin=Origin.ROOT_CAUSE, note=d["note"],
                             root_cause=rc)  # fmt: skip
            return redirect("improve:action", a.pk)
    except (InvalidInput, LifecycleError) as e:
        form, status = refused(raising if step == "raise" else analysis, e)
        rc.refresh_from_db()
        kw = {"raising": form} if step == "raise" else {"analysis": form}
        return _page(request, rc, status=status, **kw)
    return redirect("improve:root_cause", rc.pk)

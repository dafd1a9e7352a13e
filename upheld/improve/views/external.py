from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upheld.complaints.errors import LifecycleError
from upheld.web.once import recorded_once

from .. import access, selectors
from ..actions.external import record_external_decision
from ..forms import ExternalForm
from .common import forbidden, refused, staff_page


@staff_page
@require_http_methods(["GET", "POST"])
@recorded_once
def external_decisions(request):
    """The decisions of external bodies recorded back, the overturn rate per body and per
    handler (ISO 10002 8.7; DISP 1.3.2AG; row 55), and — for the manager — the form."""
    page = selectors.external_decisions_for(
        request.user, before=selectors.cursor(request.GET.get("before"))
    )
    if page is None:
        return forbidden(request)
    manages = access.may_manage(request.user)
    status = 200
    form = ExternalForm(initial={"complaint": request.GET.get("complaint", "")[:32]})
    if request.method == "POST":
        if not manages:
            return forbidden(request)
        form = ExternalForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    record_external_decision(by=request.user, **d)
                return redirect("improve:external")
            except LifecycleError as e:
                form, status = refused(form, e)
        else:
            status = 400
    total, by_body = selectors.overturn_rates(by="body")
    _total, by_handler = selectors.overturn_rates(by="handler")
    return render(
        request,
        "improve/external.html",
        {
            "page": page,
            "form": form if manages else None,
            "total": total,
            "by_body": by_body,
            "by_handler": by_handler,
        },
        status=status,
    )

"""Mass runs on the desk (ISO 10002 7.3; DISP 1.6.2R): a complaints manager sends holding
responses (each through the lifecycle's move) or progress updates to every complaint of
theirs it fits, done by the worker in batches of 200; the page shows each run's progress."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upheld.complaints import lifecycle, visibility
from upheld.complaints.errors import InvalidInput
from upheld.complaints.roles import MANAGE
from upheld.deadlines.regimes import Regime
from upheld.desk.complaint.page import desk_home
from upheld.letters import mass
from upheld.letters.mass_runs import MassRun

SHOWN = 20


class MassRunForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Send"), choices=MassRun.Action.choices)
    reason = forms.CharField(
        label=gettext_lazy("Why the final responses are not ready (holding responses)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_by = forms.DateField(
        label=gettext_lazy("Final responses expected by (holding responses)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def complaints_for(user, action: str):
    """Every complaint the manager may read that the run fits: for holding responses, those
    under the FCA rules in a state the move allows; for updates, every open one."""
    found = visibility.visible_complaints(user)
    if action == MassRun.Action.HOLDING_RESPONSE:
        states = lifecycle.ALLOWED["send_holding_response"]
        return found.filter(regime__in=(Regime.FCA, Regime.FCA_PSD), status__in=states)
    return found.filter(status__in=lifecycle.OPEN)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def runs(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied(_("Mass runs need the complaints manager's role."))
    form = MassRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expected: date | None = data["expected_by"]
        context = {
            "reason": data["reason"],
            "expected_by": expected.isoformat() if expected else "",
        }
        ids = (
            complaints_for(request.user, data["action"]).order_by("pk").values_list("pk", flat=True)
        )
        try:
            run = mass.start(data["action"], list(ids), by=request.user, context=context)
        except InvalidInput as wrong:
            for field, problems in wrong.messages().items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(
                request,
                _("Started: {total} complaints, done by the worker.").format(total=run.total),
            )
            return redirect("desk:mass_runs")
    return render(
        request,
        "desk/letters/mass_runs.html",
        {
            "form": form,
            "runs": list(
                MassRun.objects.select_related("started_by")
                .defer("complaint_ids")
                .order_by("-created_at", "-pk")[:SHOWN]
            ),
            "desk_home": desk_home(),
        },
    )

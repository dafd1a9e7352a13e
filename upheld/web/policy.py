"""Staff read and acknowledge the complaints policy (ISO 10002 5.1, 5.2): each member of
staff once per published version; the desk reminds whoever has not."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from upheld.organisation import policy as policies
from upheld.organisation.models import PolicyAcknowledgement, PolicyVersion


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request):
    current = PolicyVersion.current(get_language() or settings.LANGUAGE_CODE)
    if request.method == "POST" and current is not None:
        policies.acknowledge(request.user, current.version)
        return redirect("web:policy")
    acknowledged = (
        current is not None
        and PolicyAcknowledgement.objects.filter(
            person=request.user, version=current.version
        ).exists()
    )
    return render(request, "web/policy.html", {"policy": current, "acknowledged": acknowledged})

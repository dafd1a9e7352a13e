"""The satisfaction survey, from its invitation's link or from the tracking page (ISO 10002
8.3; ISO 10004). The invitation's link follows the tracking link's rules (access.py): its
secret is looked up by hash, every wrong, old or made-up link gets the same 404 page, and
an address that tries too many is refused. One answer per complaint."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upheld.complaints.models import Complaint
from upheld.survey import answers
from upheld.survey.models import Invitation

from .access import complaint_or_404, limited, private
from .forms import SurveyForm


@never_cache
@require_http_methods(["GET", "POST"])
@limited
def from_invitation(request, secret: str):
    invitation = answers.invitation_for_secret(secret)
    if invitation is None:
        raise Http404("No survey has this link.")
    here = reverse("portal:survey", args=[secret])
    return _survey(request, invitation, invitation.complaint, here, via="invitation")


@never_cache
@require_http_methods(["GET", "POST"])
@limited
def from_tracking(request, secret: str):
    complaint = complaint_or_404(secret)
    invitation = answers.invitation_of(complaint)
    if invitation is None:  # not invited (yet, or never: see survey/invitations.py)
        raise Http404("This complaint has no survey.")
    here = reverse("portal:track_survey", args=[secret])
    return _survey(request, invitation, complaint, here, via="tracking page", secret=secret)


def _survey(request, invitation: Invitation, complaint: Complaint, here: str, *, via, secret=""):
    context = {"complaint": complaint, "action": here, "complaint_secret": secret}
    if answers.answered(invitation):
        return private(render(request, "portal/survey.html", {**context, "answered": True}))
    form = SurveyForm(request.POST or None, prefix="survey")
    if request.method == "POST":
        if form.is_valid():
            answers.record(invitation, form.scores(), form.cleaned_data["comment"], via)
            return private(redirect(f"{here}?sent=1"))
        status = 400
    else:
        status = 200
    context.update(form=form, thanked=request.GET.get("sent") == "1")
    return private(render(request, "portal/survey.html", context, status=status))

"""Staff entry of complaints received by phone, letter, in person or e-mail (ISO 10002 7.2).

The person entering it is recorded as the receiver; the time of receipt defaults to the
moment the form was opened (an oral complaint is recorded as it is received) and may be set
back to when a letter or message really arrived, never forward (the lifecycle refuses it)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upheld.complaints.roles import HANDLE
from upheld.organisation.models import Organisation

from .forms import StaffComplaintForm
from .views import run_form, show_receipt


@never_cache
@login_required
@permission_required(HANDLE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def new_complaint(request):
    return run_form(
        request,
        StaffComplaintForm,
        receive_kwargs={"by": request.user},
        template="intake_web/staff_new.html",
        context={"org": Organisation.current()},
        done_url="intake_web:staff_received",
        spam_check=False,
    )


@never_cache
@login_required
@permission_required(HANDLE, raise_exception=True)
def received(request):
    return show_receipt(
        request, template="intake_web/staff_received.html", form_url="intake_web:staff_new"
    )

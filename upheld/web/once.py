"""One record per staff form, however often it is posted (ISO 10002 7.2, 4.9: a double
click or the back button never records a finding, an action or a decision twice). A form
carries a one-time token (`{% form_token %}`, formtoken.py); a view decorated with
`recorded_once` runs its POST in one transaction with the token's row (FormSubmission), so
a POST that records something (the view answers with a redirect) spends the token with it.
The same token posted again records nothing and is sent where the first POST led; two at
once queue on the token's unique index and the second is rolled back whole. A POST whose
token this site did not give this browser (or gave more than a day ago) is rolled back too
and told to send the form again. Whatever the view refuses (the person, the input, the
state) it answers as before: the token is judged only when something would be recorded."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from . import formtoken
from .models import FormSubmission

KEPT = timedelta(days=1)
RECORDED = (301, 302, 303)


def recorded_once(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        token, issued = formtoken.posted(request)
        spent = FormSubmission.objects.filter(token=token).first() if issued else None
        if spent is not None:
            return redirect(spent.location)
        now = timezone.now()
        with transaction.atomic():
            response = view(request, *args, **kwargs)
            if response.status_code not in RECORDED:
                return response  # refused or shown again: nothing recorded, the token unspent
            location = response["Location"][:400]
            recorded = issued and _spend(token, location, now)
            if not recorded:
                transaction.set_rollback(True)
        if not recorded:
            for _told in messages.get_messages(request):  # what the view said it did: undone
                pass
            if not issued:
                back = request.get_full_path()
                return render(request, "web/form_expired.html", {"back": back}, status=400)
            twin = FormSubmission.objects.filter(token=token).first()  # it recorded it
            return redirect(twin.location if twin else location)
        FormSubmission.objects.filter(at__lt=now - KEPT).delete()
        return response

    return wrapped


def _spend(token: str, location: str, now) -> bool:
    """Spend the token on this POST's record; False when its twin, posted at the same
    moment, spent it first."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, location=location, at=now)
    except IntegrityError:
        return False
    return True

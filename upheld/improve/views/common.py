"""What the improvement pages share: who may come in, and a refusal shown on the form."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from upheld.complaints.errors import InvalidInput, LifecycleError, NotPermitted
from upheld.web.lifecycle_errors import apply


def staff_page(view):
    """Signed in, or sent to sign in (each view then asks access.py what it may see)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def forbidden(request):
    return render(request, "improve/forbidden.html", status=403)


def refused(form, error: LifecycleError):
    """(the form with the refusal on it, the status to answer with): nothing was changed.
    A form not sent (a button alone) is shown as it stands, with the refusal on it."""
    if not form.is_bound:
        form = form.__class__(data={k: v for k, v in form.initial.items() if v is not None})
    form.is_valid()
    if isinstance(error, InvalidInput):
        apply(form, error, {})
        return form, 400
    form.add_error(None, str(error))
    return form, 403 if isinstance(error, NotPermitted) else 409

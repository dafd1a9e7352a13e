"""What the audit and review pages share: who reaches them (access.may_read; anyone else is
sent to sign in or told why not, 403), the keyset cursor read from the address, and one way
to run a write — its refusals beside the fields (400), a state that does not allow it on
the form (409), a refusal of the person as a page that says why (403)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from upheld.complaints.errors import ConflictOfInterest, InvalidInput, NotPermitted, shown
from upheld.web.lifecycle_errors import apply

from .. import access
from ..checks import NotNow


def assurance_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.may_read(request.user):
            return refused(request)
        return view(request, *args, **kwargs)

    return wrapped


def refused(request, why: str = ""):
    return render(request, "assurance/refused.html", {"why": why}, status=403)


def cursor(request, name: str) -> int | None:
    """A keyset cursor (an id or a position); anything else is the first page."""
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


class Refused(Exception):
    """The write was refused: `response` says why."""

    def __init__(self, response):
        self.response = response


def attempt(request, form, write, *, field_for: dict | None = None):
    """Run `write()` for a valid `form`; on refusal, put why on the form and return None
    with the status the page should answer with (form.status)."""
    try:
        return write()
    except InvalidInput as error:
        apply(form, error, field_for or {})
        form.status = 400
    except ConflictOfInterest as error:  # 4.5, 8.5: named on the form, nothing recorded
        form.add_error(None, shown(error.args[0]))
        form.status = 403
    except NotPermitted as error:
        raise Refused(refused(request, str(error))) from None
    except NotNow as error:
        form.add_error(None, str(error))
        form.status = 409
    return None

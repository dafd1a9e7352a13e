"""The post room (ISO 10002 7.3, 7.4, 7.8; capability 29): the letters produced for
posting, oldest first, of the complaints the person may read; each printed (the copy with
the private link it carries, which is never kept) and marked posted with the day it went.
Marking it posted puts it in the complaint's trail (letters/trail.py)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.roles import HANDLE
from upheld.desk.complaint.page import desk_home
from upheld.letters import selectors, service
from upheld.letters.models import Letter

SHOWN = 200  # letters on the page; the oldest first, so nothing waits unseen for long


def _may_post(request) -> None:
    if not request.user.has_perm(HANDLE):
        raise PermissionDenied(_("The post room needs a complaint-handling role."))


def _letter(request, pk: int) -> Letter:
    _may_post(request)
    try:
        return selectors.one_to_post(request.user, pk)
    except (Letter.DoesNotExist, NotPermitted):
        raise Http404(pk) from None


@never_cache
@login_required
@require_GET
def room(request):
    _may_post(request)
    try:
        waiting = selectors.to_post(request.user)
    except NotPermitted as refused:
        raise PermissionDenied(str(refused)) from None
    shown = list(waiting[: SHOWN + 1])
    return render(
        request,
        "desk/letters/post_room.html",
        {
            "letters": shown[:SHOWN],
            "more": len(shown) > SHOWN,
            "desk_home": desk_home(),
        },
    )


@never_cache
@login_required
@require_GET
def print_letter(request, letter: int):
    found = _letter(request, letter)
    response = HttpResponse(service.printable(found), content_type="application/pdf")
    name = f"{found.complaint.reference}-{found.kind}-{found.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@never_cache
@login_required
@require_POST
def posted(request, letter: int):
    found = _letter(request, letter)
    try:
        on = (
            date.fromisoformat(request.POST.get("posted_on") or "")
            if (request.POST.get("posted_on"))
            else None
        )
        service.mark_posted(found, by=request.user, posted_on=on)
    except ValueError:
        messages.error(request, _("Posted on: give a date as YYYY-MM-DD."))
    except InvalidInput as wrong:
        for problems in wrong.messages().values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(
            request,
            _("{reference}: the letter is marked posted.").format(
                reference=found.complaint.reference
            ),
        )
    return redirect("desk:post_room")

"""Bulk actions from a queue (issue 9 point 6): assign, give to a team, change the priority,
merge. Each complaint gets its own lifecycle move in its own transaction — one refused does
not undo the others — and the page says, complaint by complaint, done or why not, in the
lifecycle's own words."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput, LifecycleError
from upheld.complaints.models import Complaint
from upheld.web import formtoken

from .access import can_manage, desk_page
from .links import complaint_url
from .models import BulkSubmission

MAX_AT_ONCE = 100
ACTIONS = ("assign", "route", "prioritise", "merge")


@require_POST
@desk_page
def bulk(request):
    user = request.user
    if not can_manage(user):
        raise PermissionDenied
    token, known = formtoken.posted(request)
    if not known:
        return _refused(
            request, _("This form was already sent, or has expired: open the queue again.")
        )
    references = list(
        dict.fromkeys(r.strip() for r in request.POST.getlist("reference") if r.strip())
    )
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return _refused(request, _("Choose one of the actions."))
    if not references:
        return _refused(request, _("Select at least one complaint."))
    if len(references) > MAX_AT_ONCE:
        return _refused(
            request, _("Select at most %(count)d complaints at once.") % {"count": MAX_AT_ONCE}
        )
    try:
        arguments = _arguments(action, request.POST)
    except InvalidInput as error:
        return _refused(request, " ".join(m for ms in error.messages().values() for m in ms))
    if not _use(token):
        return _refused(
            request, _("This form was already sent, or has expired: open the queue again.")
        )
    move = lifecycle.move(action)
    results = []
    for reference in references:
        try:
            move(reference, by=user, **arguments)
        except Complaint.DoesNotExist:
            results.append(_result(reference, False, _("There is no such complaint you may read.")))
        except InvalidInput as error:
            text = " ".join(m for ms in error.messages().values() for m in ms)
            results.append(_result(reference, False, text))
        except LifecycleError as error:
            results.append(_result(reference, False, str(error)))
        else:
            results.append(_result(reference, True, ""))
    return render(
        request,
        "desk/queues/bulk_results.html",
        {
            "results": results,
            "action": action,
            "done": sum(r["done"] for r in results),
            "back": request.POST.get("back", ""),
        },
    )


def _arguments(action: str, post) -> dict:
    reason = post.get("reason", "").strip()[:500]
    if action == "assign":
        username = post.get("assignee", "").strip()
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None:
            raise InvalidInput({"assignee": _("Give the username of a handler.")})
        return {"assignee": user, "note": reason}
    if action == "route":
        team = post.get("team", "")
        if not team.isdigit():
            raise InvalidInput({"team": _("Choose one of the teams.")})
        return {"team": int(team), "note": reason}
    if action == "prioritise":
        priority = post.get("priority", "")
        if not priority.isdigit():
            raise InvalidInput({"priority": _("Choose one of the priorities.")})
        return {"priority": int(priority), "reason": reason}
    into = post.get("into", "").strip()
    if not into:
        raise InvalidInput({"into": _("Give the reference of the complaint that carries on.")})
    return {"into": into, "reason": reason}


def _use(token: str) -> bool:
    """Spend the token (False when it was spent already); tokens older than their day of
    validity are forgotten."""
    now = timezone.now()
    try:
        with transaction.atomic():
            BulkSubmission.objects.create(token=token, at=now)
    except IntegrityError:
        return False
    BulkSubmission.objects.filter(at__lt=now - timedelta(seconds=formtoken.VALID_FOR + 60)).delete()
    return True


def _result(reference: str, done: bool, why: str) -> dict:
    return {"reference": reference, "url": complaint_url(reference), "done": done, "why": why}


def _refused(request, message: str):
    return render(request, "desk/queues/bulk_results.html", {"refused": message}, status=400)

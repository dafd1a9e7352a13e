"""The complainant follows the complaint without an account (ISO 10002 7.3, 4.3, 4.7).

The private link carries the complainant's secret; only its hash is stored, so the page
looks the complaint up by hash. It shows the stage, the response date and the public part
of the trail — never internal notes, data of the trail events, or other people's details.
The holder of the link is the complainant (actors.COMPLAINANT): from the page they answer
the decision (7.9) and write to us about the complaint (7.3), through the lifecycle."""

import functools

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import GateNotMet, IllegalMove
from upheld.complaints.models import ComplainantAnswer, Complaint, Status
from upheld.complaints.selectors import complaint_for_secret
from upheld.core import throttle
from upheld.web import throttling

from .forms import AnswerForm, MessageForm
from .selectors import public_updates

SENT = {
    "answer": gettext_lazy("Thank you: we have your answer."),
    "message": gettext_lazy("Thank you: we have your message and will read it."),
}


def misses() -> throttle.Limit:
    """Wrong links per address per hour: past it, no link opens from that address for the
    rest of the hour, so secrets cannot be guessed at speed."""
    return throttling.rule("track-miss", "UPHELD_TRACK_MISSES_PER_HOUR", 20)


def posts() -> throttle.Limit:
    return throttling.rule("portal-post", "UPHELD_PORTAL_POSTS_PER_HOUR", 30)


def limited(view):
    """Refuse (429) an address that guessed too many links; count its posts."""

    @functools.wraps(view)
    def guarded(request, secret: str):
        client = throttle.client_key(request)
        if throttle.exceeded(misses(), client):
            return throttling.refused(request, misses())
        if request.method == "POST" and not throttle.hit(posts(), client):
            return throttling.refused(request, posts())
        try:
            return view(request, secret)
        except Http404:
            throttle.hit(misses(), client)
            raise

    return guarded


@never_cache
@limited
def track(request, secret: str):
    return _page(request, _complaint(secret), secret, sent=request.GET.get("sent", ""))


@never_cache
@require_POST
@limited
def answer(request, secret: str):
    complaint = _complaint(secret)
    form = AnswerForm(request.POST, prefix="answer")
    if not form.is_valid():
        return _page(request, complaint, secret, answer_form=form, status=400)
    try:
        if form.cleaned_data["answer"] == ComplainantAnswer.ACCEPTED:
            lifecycle.accept(complaint, by=COMPLAINANT, channel="portal", in_writing=True)
        else:
            lifecycle.reject(
                complaint,
                by=COMPLAINANT,
                channel="portal",
                in_writing=True,
                reason=form.cleaned_data["reason"].strip(),
            )
    except (IllegalMove, GateNotMet):
        complaint.refresh_from_db(fields=["complainant_answer"])
        if complaint.complainant_answer == form.cleaned_data["answer"]:
            return _back(secret, "answer")  # the same answer sent twice (a double click)
        form.add_error(
            None,
            _(
                "There is no decision waiting for your answer: we may "
                "already have it. Write to us below if something is wrong."
            ),
        )
        return _page(request, complaint, secret, answer_form=form, status=409)
    return _back(secret, "answer")


@never_cache
@require_POST
@limited
def message(request, secret: str):
    complaint = _complaint(secret)
    form = MessageForm(request.POST, prefix="message")
    if not form.is_valid():
        return _page(request, complaint, secret, message_form=form, status=400)
    person = complaint.complainant
    lifecycle.add_correspondence(
        complaint,
        by=COMPLAINANT,
        direction="in",
        channel="web",
        sender=person.email or person.name,
        subject=_("Message from the tracking page"),
        body=form.cleaned_data["body"],
    )
    return _back(secret, "message")


def _complaint(secret: str) -> Complaint:
    complaint = complaint_for_secret(secret)
    if complaint is None:
        raise Http404("No complaint has this link.")
    return complaint


def _page(
    request,
    complaint: Complaint,
    secret: str,
    *,
    answer_form=None,
    message_form=None,
    sent: str = "",
    status: int = 200,
):
    updates = public_updates(complaint)
    awaiting_answer = complaint.status == Status.DECISION_COMMUNICATED
    response = render(
        request,
        "portal/track.html",
        {
            "complaint": complaint,
            "complaint_secret": secret,
            "updates": updates,
            "last_update": updates[-1].at if updates else complaint.received_at,
            "decision": lifecycle.current_decision(complaint) if awaiting_answer else None,
            "answer_form": answer_form
            or (AnswerForm(prefix="answer") if awaiting_answer else None),
            "message_form": message_form or MessageForm(prefix="message"),
            "sent": SENT.get(sent, ""),
        },
        status=status,
    )
    return _private(response)


def _back(secret: str, what: str):
    """Post, redirect, get: reloading the page sends nothing twice."""
    return _private(redirect(f"{reverse('portal:track', args=[secret])}?sent={what}"))


def _private(response):
    # The secret is in the address: never pass it to another site, never index the page.
    # Not "no-referrer": browsers then send `Origin: null` with the page's own forms, which
    # CSRF protection (rightly) refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

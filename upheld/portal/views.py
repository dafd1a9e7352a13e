"""The complainant follows the complaint without an account (ISO 10002 7.3, 4.3, 4.7).

The private link carries the complainant's secret (access.py). The page shows where the
complaint stands and what happens next by when (from the clocks), the public part of the
trail, every decision sent with its letter and the remedies' progress, and the recourse
open now (internal review, then the external bodies) — never internal notes, the data of
the trail's events, staff names or other people's details. The holder of the link is the
complainant (actors.COMPLAINANT): from the page they answer the decision, send information
and files, ask for the internal review, withdraw the complaint and say how to reach them,
each through the lifecycle."""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import GateNotMet, IllegalMove, InvalidInput
from upheld.complaints.models import ComplainantAnswer, Complaint, Decision, Status
from upheld.survey.answers import invitation_of
from upheld.web import formtoken
from upheld.web.lifecycle_errors import apply

from .access import complaint_or_404, limited, private
from .forms import AnswerForm, ContactForm, MessageForm, ReviewForm, WithdrawForm
from .models import PortalSubmission
from .selectors import decision_letter, page
from .stages import next_step

SENT = {
    "answer": gettext_lazy("Thank you: we have your answer."),
    "message": gettext_lazy("Thank you: we have your message and will read it."),
    "review": gettext_lazy(
        "Thank you: we have your request for an internal review and have told our "
        "complaints manager."
    ),
    "withdraw": gettext_lazy("Your complaint is withdrawn. We have told the person handling it."),
    "contact": gettext_lazy("Thank you: we will contact you that way from now on."),
    "survey": gettext_lazy("Thank you for telling us how we handled your complaint."),
}
NOT_NOW = gettext_lazy(
    "That cannot be done at this stage of your complaint; the page shows what you can do "
    "now. Write to us below if something is wrong."
)


@never_cache
@require_GET
@limited
def track(request, secret: str):
    return _page(request, complaint_or_404(secret), secret, sent=request.GET.get("sent", ""))


@never_cache
@require_POST
@limited
def answer(request, secret: str):
    complaint = complaint_or_404(secret)
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
    """ISO 10002 7.3, 7.6: information and files about the complaint. The handler is told,
    and a clock paused while we waited for the complainant runs again (the lifecycle)."""
    complaint = complaint_or_404(secret)
    form = MessageForm(request.POST, request.FILES, prefix="message")
    token, issued = formtoken.posted(request)
    if not form.is_valid() or not issued:
        if form.is_valid():
            form.add_error(None, _("This form had expired. Check it and send it again."))
        return _page(request, complaint, secret, message_form=form, status=400)
    person = complaint.complainant
    try:
        with transaction.atomic():
            PortalSubmission.objects.create(token=token, complaint=complaint, at=timezone.now())
            lifecycle.add_correspondence(
                complaint,
                by=COMPLAINANT,
                direction="in",
                channel="web",
                sender=person.email or person.name,
                subject=_("Message from the tracking page"),
                body=form.cleaned_data["body"].strip(),
                attachments=form.accepted_files,
            )
    except IntegrityError:  # this form was sent already: its message is kept once
        pass
    except InvalidInput as wrong:
        apply(form, wrong)
        return _page(request, complaint, secret, message_form=form, status=400)
    return _back(secret, "message")


@never_cache
@require_POST
@limited
def review(request, secret: str):
    """ISO 10002 7.9: after not accepting the decision, the complainant asks for the
    internal review."""
    complaint = complaint_or_404(secret)
    form = ReviewForm(request.POST, prefix="review")
    if not form.is_valid():
        return _page(request, complaint, secret, review_form=form, status=400)
    try:
        lifecycle.request_review(complaint, by=COMPLAINANT, reason=form.cleaned_data["reason"])
    except (IllegalMove, GateNotMet):
        form.add_error(None, NOT_NOW)
        return _page(request, complaint, secret, review_form=form, status=409)
    return _back(secret, "review")


@never_cache
@require_POST
@limited
def withdraw(request, secret: str):
    complaint = complaint_or_404(secret)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        return _page(request, complaint, secret, withdraw_form=form, status=400)
    try:
        lifecycle.withdraw(complaint, by=COMPLAINANT, reason=form.cleaned_data["reason"].strip())
    except (IllegalMove, GateNotMet):
        complaint.refresh_from_db(fields=["status"])
        if complaint.status == Status.WITHDRAWN:
            return _back(secret, "withdraw")  # sent twice
        form.add_error(None, NOT_NOW)
        return _page(request, complaint, secret, withdraw_form=form, status=409)
    return _back(secret, "withdraw")


@never_cache
@require_POST
@limited
def contact(request, secret: str):
    """ISO 10002 4.3: how the complainant wants us to write to them."""
    complaint = complaint_or_404(secret)
    form = ContactForm(request.POST, prefix="contact", person=complaint.complainant)
    if not form.is_valid():
        return _page(request, complaint, secret, contact_form=form, status=400)
    try:
        lifecycle.choose_contact(
            complaint, by=COMPLAINANT, preference=form.cleaned_data["preference"]
        )
    except InvalidInput as wrong:
        apply(form, wrong)
        return _page(request, complaint, secret, contact_form=form, status=400)
    except (IllegalMove, GateNotMet):
        form.add_error(None, NOT_NOW)
        return _page(request, complaint, secret, contact_form=form, status=409)
    return _back(secret, "contact")


@never_cache
@require_GET
@limited
def letter(request, secret: str, decision: int):
    """ISO 10002 7.8: a decision sent to the complainant, as the letter that carried it —
    also after they answered it. Another complaint's decision is not there (404)."""
    complaint = complaint_or_404(secret)
    try:
        found, sent = decision_letter(complaint, decision)
    except Decision.DoesNotExist:
        raise Http404("No such decision on this complaint.") from None
    response = render(
        request,
        "portal/letter.html",
        {"complaint": complaint, "complaint_secret": secret, "decision": found, "letter": sent},
    )
    return private(response)


def _page(request, complaint: Complaint, secret: str, *, sent: str = "", status=200, **forms):
    view = page(complaint)
    person = complaint.complainant
    stage, next_words = next_step(complaint.status, complaint.response_due_at)
    is_open = complaint.is_open
    defaults = {
        "answer_form": AnswerForm(prefix="answer")
        if complaint.status == Status.DECISION_COMMUNICATED
        else None,
        "review_form": ReviewForm(prefix="review")
        if complaint.status == Status.REJECTED and view.review_requested_at is None
        else None,
        "withdraw_form": WithdrawForm(prefix="withdraw") if is_open else None,
        "contact_form": ContactForm(prefix="contact", person=person) if is_open else None,
        "message_form": MessageForm(prefix="message"),
    }
    for name, form in forms.items():
        defaults[name] = form
    invitation = (
        invitation_of(complaint) if complaint.status in (Status.CLOSED, Status.WITHDRAWN) else None
    )
    updates = view.updates
    context = {
        "complaint": complaint,
        "complaint_secret": secret,
        "stage": stage,
        "next_step": next_words,
        "view": view,
        "updates": updates,
        "last_update": updates[-1].at if updates else complaint.received_at,
        "invitation": invitation,
        "survey_answered": invitation is not None and hasattr(invitation, "response"),
        "form_token": formtoken.issue(request),
        "sent": SENT.get(sent, ""),
        "errors": next((f for f in defaults.values() if f is not None and f.errors), None),
        **defaults,
    }
    return private(render(request, "portal/track.html", context, status=status))


def _back(secret: str, what: str):
    """Post, redirect, get: reloading the page sends nothing twice."""
    return private(redirect(f"{reverse('portal:track', args=[secret])}?sent={what}#sent"))

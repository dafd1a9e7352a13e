"""A complaint's letters on the desk (ISO 10002 7.3, 7.8; capability 28, 29): every letter
sent or received, kept; a letter written from a template — picked, previewed, edited — and
sent exactly as it was last previewed and edited (the kept letter is that text). The
regulator's checks run on the edited text before it may go."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from upheld.complaints.errors import InvalidInput
from upheld.complaints.roles import HANDLE
from upheld.desk.complaint import submitting
from upheld.desk.complaint.access import open_complaint
from upheld.desk.complaint.page import desk_home
from upheld.letters import selectors, service, text
from upheld.letters.models import Letter
from upheld.web import formtoken

from .forms import DESK_KINDS, LetterForm


def _open(request, reference: str):
    complaint = open_complaint(request, reference)
    if not request.user.has_perm(HANDLE):
        raise PermissionDenied(_("Writing to complainants needs a complaint-handling role."))
    return complaint


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def letters(request, reference: str):
    complaint = _open(request, reference)
    if request.method == "POST":
        return _posted(request, complaint)
    kind = request.GET.get("kind") or DESK_KINDS[0]
    form, preview = LetterForm(initial={"kind": kind}), None
    try:
        preview = service.draft(complaint, kind if kind in DESK_KINDS else "")
    except InvalidInput as wrong:
        _apply(form, wrong)
    else:
        form = LetterForm(
            initial={
                "kind": preview.kind,
                "channel": preview.channel,
                "subject": preview.subject,
                "body": preview.body,
            }
        )
    return _show(request, complaint, form, preview, formtoken.issue(request))


def _posted(request, complaint):
    token, issued = formtoken.posted(request)
    form = LetterForm(request.POST)
    if issued and submitting.already_made(token):
        messages.info(request, _("That letter was already sent, once."))
        return redirect("desk:letters", complaint.reference)
    if not form.is_valid():
        return _show(request, complaint, form, None, token)
    data = form.cleaned_data
    try:
        preview = service.draft(complaint, data["kind"], channel=data["channel"])
    except InvalidInput as wrong:
        _apply(form, wrong)
        return _show(request, complaint, form, None, token)
    preview.subject, preview.body = data["subject"] or preview.subject, data["body"]
    if request.POST.get("action") != "send" or not issued:
        if not issued:
            form.add_error(None, _("This form had expired. Check the letter and send it again."))
        return _show(request, complaint, form, preview, formtoken.issue(request))
    try:
        sent = submitting.make_once(
            token,
            reference=complaint.reference,
            move="send_letter",
            by=request.user,
            make=lambda: service.send(
                complaint,
                data["kind"],
                by=request.user,
                channel=preview.channel,
                subject=preview.subject,
                body=preview.body,
            ),
        )
    except InvalidInput as wrong:
        _apply(form, wrong)
        return _show(request, complaint, form, preview, token)
    if sent:
        messages.success(request, _("The letter is sent: it is kept as written."))
    return redirect("desk:letters", complaint.reference)


def _apply(form, wrong: InvalidInput) -> None:
    for field, problems in wrong.messages().items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))


def _show(request, complaint, form, preview, token: str):
    missing = preview.missing() if preview is not None and preview.body.strip() else []
    return render(
        request,
        "desk/letters/letters.html",
        {
            "complaint": complaint,
            "desk_home": desk_home(),
            "form": form,
            "token": token,
            "preview": preview,
            "blocks": text.blocks(preview.body) if preview is not None else [],
            "missing": missing,
            "kinds": DESK_KINDS,
            "letters": selectors.of_complaint(complaint),
        },
    )


@never_cache
@login_required
@require_GET
def pdf(request, reference: str, letter: int):
    """A kept letter's PDF, as it was kept (never with a secret it printed)."""
    complaint = _open(request, reference)
    try:
        found = selectors.one_of(complaint, letter)
    except Letter.DoesNotExist:
        raise Http404(letter) from None
    if not found.produced or not found.pdf:
        raise Http404(letter)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"{complaint.reference}-{found.kind}-{found.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response

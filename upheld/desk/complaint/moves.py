"""A form for every move a person makes (ISO 10002 7.5–7.9), built from the core's move
registry (complaints.moves: the same description the API builds its routes from). GET shows
the form, or why the move is not open to this person on this complaint now; POST runs the
lifecycle move and puts its refusals beside the fields, in the person's language, or goes
back to the complaint page with a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from upheld.complaints.errors import IllegalMove, InvalidInput, NotPermitted
from upheld.complaints.moves import MOVES, Move
from upheld.complaints.moves.forms import form_for
from upheld.web import formtoken

from . import reading, submitting
from .access import open_complaint
from .page import desk_home
from .refusals import why_not
from .remedies import rows_for
from .wording import apply_errors, initial_for, input_of


def _described(action: str) -> Move:
    found = MOVES.get(action.replace("-", "_"))
    if found is None or found.input is None or found.system_only or found.action != action:
        raise Http404(action)
    return found


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def move(request, reference: str, move: str):
    described = _described(move)
    complaint = open_complaint(request, reference)
    token, issued = formtoken.posted(request) if request.method == "POST" else ("", False)
    if issued and submitting.already_made(token):  # sent twice: the first made the move
        messages.info(request, _("That form was already sent; the move was made once."))
        return redirect("desk:complaint", complaint.reference)
    refused = why_not(request.user, complaint, described.name)
    context = {"complaint": complaint, "move": described, "desk_home": desk_home()}
    if refused is not None:
        status, why = refused
        return render(
            request, "desk/complaint/refused.html", {**context, "why": why}, status=status
        )
    form_class = form_for(described.name)
    nested = form_class.nested.get("remedies")
    if request.method == "GET":
        form = form_class(complaint=complaint, initial=initial_for(described.name, complaint))
        rows = rows_for(nested) if nested else None
        return _show(request, context, form, rows, formtoken.issue(request))

    form = form_class(request.POST, request.FILES, complaint=complaint)
    rows = rows_for(nested, request.POST) if nested else None
    if not issued:
        form.is_valid()
        form.add_error(None, _("This form had expired. Check it and send it again."))
        return _show(request, context, form, rows, formtoken.issue(request))
    valid = [form.is_valid(), rows is None or rows.is_valid()]
    if all(valid):
        made = _make(request, described, complaint, form, rows, token)
        if made is not None:
            messages.success(request, made)
            return redirect("desk:complaint", complaint.reference)
    return _show(request, context, form, rows, token)


def _make(request, described: Move, complaint, form, rows, token: str) -> str | None:
    """Run the move; the message to show when it was made, None when it was refused (the
    refusal is then on the form)."""
    given = dict(form.cleaned_data)
    files = {described.files: given.pop(described.files, [])} if described.files else {}
    try:
        data = input_of(described, given, rows.items() if rows else None)
    except ValidationError as invalid:
        for problem in invalid.errors():
            field = str(problem["loc"][0]) if problem["loc"] else None
            form.add_error(field if field in form.fields else None, problem["msg"])
        return None
    try:
        made = submitting.make_once(
            token,
            reference=complaint.reference,
            move=described.name,
            by=request.user,
            make=lambda: described.function(
                complaint.reference, by=request.user, **described.arguments(data), **files
            ),
        )
    except InvalidInput as wrong:
        apply_errors(form, rows, wrong)
        return None
    except (IllegalMove, NotPermitted) as refused:
        form.add_error(None, str(refused))
        return None
    if not made:
        return _("That form was already sent; the move was made once.")
    return _("{move}: done.").format(move=described.title)


def _show(request, context: dict, form, rows, token: str):
    complaint = context["complaint"]
    return render(
        request,
        "desk/complaint/move.html",
        {
            **context,
            "form": form,
            "rows": rows,
            "token": token,
            "closure_blocked": reading.closure_blocked(complaint)
            if context["move"].name == "close"
            else "",
            "involved": list(complaint.involved_users.all()),
        },
    )

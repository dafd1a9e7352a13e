"""The letter templates' editor on the desk (ISO 10002 7.8; capability 28): the complaints
manager lists the templates by kind × regime × language, opens one to read its versions,
edits its text, previews it filled for a sample complaint with the regulator's verdict, and
saves it as a new version (never changing one); a text that lacks what its letter must say
is refused, naming what is missing. Handlers cannot open it (desk access helpers)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from upheld.complaints.errors import InvalidInput
from upheld.deadlines.regimes import Regime
from upheld.desk.complaint.page import desk_home
from upheld.desk.queues.access import can_keep_templates
from upheld.letters import editing, text
from upheld.letters.kinds import Kind
from upheld.letters.models import LANGUAGES


class TemplateForm(forms.Form):
    # Checked by the letters' editing service, which names each field it refuses; the
    # subject and text are needed, so not marked "(optional)".
    conditional = ("subject", "body")
    subject = forms.CharField(label=gettext_lazy("Subject"), required=False)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text=gettext_lazy(
            "Placeholders such as {{ reference }}, {{ name }}, {{ decision.reasons }}; "
            "{% if %} and {% for %} blocks. A blank line starts a paragraph, a line "
            "starting with '- ' is a list item."
        ),
    )
    note = forms.CharField(label=gettext_lazy("What changed"), required=False)


def _require(user) -> None:
    if not can_keep_templates(user):
        raise PermissionDenied(_("Only the complaints manager keeps the letter templates."))


@never_cache
@login_required
@require_GET
def template_list(request):
    _require(request.user)
    return render(
        request,
        "desk/letters/template_list.html",
        {"desk_home": desk_home(), "kinds": editing.overview(), "languages": LANGUAGES},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def template_versions(request, kind: str, regime: str, language: str):
    _require(request.user)
    if not editing.known(kind, regime, language):
        raise Http404(kind)
    preview, versions = None, editing.versions(kind, regime, language)
    if request.method == "POST":
        form = TemplateForm(request.POST)
        form.is_valid()
        data = form.cleaned_data
        fields = {"subject": data.get("subject", ""), "body": data.get("body", "")}
        try:
            if request.POST.get("action") == "save":
                saved = editing.save(
                    kind, regime, language, **fields, note=data.get("note", ""), by=request.user
                )
                messages.success(
                    request,
                    _("Version %(v)s is saved: letters are written from it from now on.")
                    % {"v": saved.version},
                )
                return redirect("desk:template_versions", kind, regime, language)
            preview = editing.preview(kind, regime, language, **fields)
        except InvalidInput as wrong:
            _apply(form, wrong)
            if isinstance(wrong, editing.TemplateRefused):
                preview = editing.preview(kind, regime, language, **fields)
    else:
        start = versions[0] if versions else editing.starting_text(kind, regime, language)
        form = TemplateForm(initial={"subject": start.subject, "body": start.body})
    return render(
        request,
        "desk/letters/template_versions.html",
        {
            "desk_home": desk_home(),
            "kind": kind,
            "kind_label": Kind(kind).label,
            "regime_label": Regime(regime).label,
            "language_name": dict(LANGUAGES)[language],
            "versions": versions,
            "form": form,
            "preview": preview,
            "blocks": text.blocks(preview.body) if preview is not None else [],
        },
    )


def _apply(form, wrong: InvalidInput) -> None:
    for field, problems in wrong.messages().items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))

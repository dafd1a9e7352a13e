"""The letter a handler writes on the desk: a template picked, its text edited."""

from django import forms
from django.utils.translation import gettext_lazy as _

from upheld.letters.kinds import Channel, Kind

# What the desk writes by hand. The lifecycle's own letters (acknowledgement, request for
# information, holding response, decision, review outcome) go with their moves, which
# also change the complaint and its clocks; the survey and a new link have their own.
DESK_KINDS = (
    Kind.PROGRESS_UPDATE,
    Kind.SUMMARY_RESOLUTION,
    Kind.RECOURSE,
    Kind.REFERRAL,
    Kind.CLOSURE,
)


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Letter"), choices=[(k.value, k.label) for k in DESK_KINDS])
    channel = forms.ChoiceField(
        label=_("Send by"),
        choices=[("", _("The complainant's way")), *Channel.choices[:2]],
        required=False,
    )
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Sent exactly as written here. A blank line starts a paragraph; a line "
            "starting with '- ' is a list item."
        ),
    )

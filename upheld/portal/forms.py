"""What the complainant may send from the tracking page: their answer to the decision
(ISO 10002 7.9) and a message about the complaint (7.3). Both work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import ComplainantAnswer

# The complainant's own words for the two answers (the stored values are the choices').
ANSWERS = [
    (ComplainantAnswer.ACCEPTED.value, _("Yes, I accept it")),
    (ComplainantAnswer.REJECTED.value, _("No, I do not accept it")),
]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Do you accept our decision?"),
        widget=forms.RadioSelect,
        choices=ANSWERS,
        error_messages={"required": _("Choose whether you accept our decision.")},
    )
    reason = forms.CharField(
        label=_("If you do not accept it, tell us why"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Whoever reviews your complaint will read it."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("answer") == ComplainantAnswer.REJECTED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Tell us why you do not accept our decision."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write your message.")},
    )

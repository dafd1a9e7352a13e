"""What the complainant may send from the tracking page (ISO 10002 7.3, 7.9, 4.3): their
answer to the decision, information and files, a request for the internal review, a
withdrawal, how to write to them; and how one who lost the link asks for a new one. All
work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import ComplainantAnswer, ContactPreference
from upheld.survey.models import QUESTIONS
from upheld.web import uploads

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
    """Information and files about the complaint (7.3), checked as the complaint form
    checks them (web/uploads.py). One message per form, however often it is sent."""

    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = uploads.MultipleFileField(
        label=_("Documents or photos"),
        required=False,
        widget=uploads.MultipleFileInput(attrs={"multiple": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_files: list = []
        self.fields["attachments"].help_text = uploads.help_text()

    def clean_attachments(self):
        self.accepted_files = uploads.checked(self.cleaned_data.get("attachments") or [])
        return []

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not self.accepted_files:
            if "attachments" not in self.errors:
                self.add_error("body", _("Write your message, or choose a file to send."))
        return data


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("What should the reviewer look at again?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The reason you gave when you did not accept our decision is kept too."),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I want to withdraw my complaint"),
        error_messages={
            "required": _("Tick the box to confirm that you want to withdraw your complaint.")
        },
    )
    reason = forms.CharField(
        label=_("Why are you withdrawing it?"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You do not have to tell us."),
    )


PREFERENCE_WORDS = {
    ContactPreference.EMAIL: _("By e-mail"),
    ContactPreference.LETTER: _("By letter"),
    ContactPreference.PHONE: _("By telephone"),
}


class ContactForm(forms.Form):
    preference = forms.ChoiceField(
        label=_("How should we contact you?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should contact you.")},
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        have = {
            ContactPreference.EMAIL: bool(person and person.email),
            ContactPreference.LETTER: bool(person and person.postal_address.strip()),
            ContactPreference.PHONE: bool(person and person.phone),
        }
        self.fields["preference"].choices = [
            (value.value, PREFERENCE_WORDS[value]) for value, ok in have.items() if ok
        ]
        if person is not None and person.contact_preference and not self.is_bound:
            self.fields["preference"].initial = person.contact_preference


class RecoverForm(forms.Form):
    """A complainant who lost the private link: the reference and a contact detail given
    with the complaint (ISO 10002 7.3). What is checked here is only the shape: whether
    they match a complaint is never said (views)."""

    reference = forms.CharField(
        label=_("Your complaint reference"),
        max_length=40,
        help_text=_("For example CMP-2026-000123. It is in our acknowledgement."),
        error_messages={"required": _("Enter your complaint reference.")},
    )
    contact = forms.CharField(
        label=_("The e-mail address or telephone number you gave us"),
        max_length=254,
        error_messages={"required": _("Enter the e-mail address or telephone number you gave us.")},
    )

    def clean_reference(self):
        return "".join(self.cleaned_data["reference"].split()).upper()

    def clean_contact(self):
        return self.cleaned_data["contact"].strip()


class SurveyForm(forms.Form):
    """ISO 10004: how the complainant found the handling — the process, not only the
    outcome — 1 (very poor) to 5 (very good) for each question, and their own words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, question in QUESTIONS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=question,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose a score from 1 to 5.")},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Anything else you want to tell us about how we handled your complaint?"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def scores(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in QUESTIONS}


SCORES = [
    (1, _("1 – very poor")),
    (2, _("2 – poor")),
    (3, _("3 – neither good nor poor")),
    (4, _("4 – good")),
    (5, _("5 – very good")),
]

"""The complaint forms: public (ISO 10002 Annex B, 4.3, 4.6) and staff entry (7.2).

Forms check what a person can fix, in the person's language; the lifecycle checks again
(errors.py maps anything it still refuses back onto these fields). Attachments are checked by
content with complaints.filetypes; files that pass are held while the person fixes the rest.
"""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Category, Channel
from upheld.organisation.models import Organisation
from upheld.web import formtoken
from upheld.web.uploads import MultipleFileField, MultipleFileInput
from upheld.web.uploads import checked as uploads_checked
from upheld.web.uploads import help_text as uploads_help

STAFF_CHANNELS = [
    (c.value, c.label) for c in (Channel.PHONE, Channel.LETTER, Channel.IN_PERSON, Channel.EMAIL)
]


class LanguageSelect(forms.Select):
    """Each language named in itself, marked with its lang (WCAG 3.1.2 language of parts)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["lang"] = value
        return option


def _language_choices():
    return [
        (code, get_language_info(code)["name_local"].capitalize())
        for code, _name in settings.LANGUAGES
    ]


def _active_language() -> str:
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ComplaintFields(forms.Form):
    """What every complaint form asks (ISO 10002 7.2; Annex B)."""

    # Not marked "(optional)": whether they are needed depends on other answers.
    conditional = (
        "email",
        "phone",
        "postal_address",
        "rep_name",
        "rep_email",
        "rep_phone",
        "representative_authority",
        "keep_held",
        "received_at",
    )

    # About the complainant.
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (if you complain for a business)"), max_length=200, required=False
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("We send the acknowledgement and our response here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our replies"), choices=_language_choices, widget=LanguageSelect
    )
    accessibility_needs = forms.CharField(
        label=_("Do you need anything to make this easier?"),
        required=False,
        help_text=_(
            "For example large print, a phone call instead of letters, or someone "
            "to help you. We will make reasonable adjustments."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # Someone acting for the complainant.
    acting_for = forms.ChoiceField(
        label=_("Who is this complaint for?"),
        widget=forms.RadioSelect,
        initial="self",
        choices=[("self", _("Myself")), ("other", _("Someone else: I am acting for them"))],
    )
    rep_name = forms.CharField(
        label=_("Your name (the representative)"), max_length=200, required=False
    )
    rep_email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    rep_phone = forms.CharField(
        label=_("Your telephone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    representative_authority = forms.CharField(
        label=_("How are you allowed to act for them?"),
        required=False,
        help_text=_(
            "For example: they asked me to and agree, power of attorney, I am their "
            "parent or guardian."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # The complaint.
    description = forms.CharField(
        label=_("What happened?"),
        error_messages={"required": _("Tell us what happened.")},
        help_text=_("Tell us what went wrong, in your own words."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        help_text=_("The date, if you know it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    product = forms.CharField(
        label=_("Which product or service is it about?"),
        max_length=300,
        error_messages={"required": _("Say which product or service it is about.")},
        help_text=_("With an account, order or policy number if you have one."),
    )
    remedy_sought = forms.CharField(
        label=_("What would you like us to do?"),
        error_messages={"required": _("Say what you would like us to do, or write “not sure”.")},
        help_text=_(
            "For example an apology, a refund, a repair. Write “not sure” if you do not know yet."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(
        label=_("Documents or photos"),
        required=False,
        widget=MultipleFileInput(attrs={"multiple": True}),
    )
    keep_held = forms.MultipleChoiceField(
        label=_("Files already attached"), required=False, widget=forms.CheckboxSelectMultiple
    )
    # One complaint per form, however often it is sent (views.run_form, submissions).
    form_token = formtoken.field()

    def __init__(self, *args, held_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_files: list[IncomingFile] = []
        self.held_files = list(held_files)
        self.fields["keep_held"].choices = [(str(h.pk), h.filename) for h in self.held_files]
        if not self.is_bound:
            self.fields["keep_held"].initial = [str(h.pk) for h in self.held_files]
        self.fields["preferred_language"].initial = _active_language()
        self.fields["attachments"].help_text = uploads_help()

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        held = {str(h.pk) for h in self.held_files} & set(self["keep_held"].data or ())
        uploads_checked(uploads, already=len(held), into=self.accepted_files)
        return []

    def clean_occurred_on(self):
        day = self.cleaned_data.get("occurred_on")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        reachable = any((data.get(k) or "").strip() for k in ("email", "phone", "postal_address"))
        if (
            not reachable
            and not Organisation.current().allow_anonymous
            and ("email" not in self.errors)
        ):
            self.add_error(
                "email",
                _("Give at least one way to reach you: e-mail, telephone or postal address."),
            )
        if data.get("acting_for") == "other":
            if not (data.get("rep_name") or "").strip():
                self.add_error("rep_name", _("Give your own name, as the representative."))
            if not (data.get("representative_authority") or "").strip():
                self.add_error(
                    "representative_authority",
                    _("Say how you are allowed to act for the complainant."),
                )
        return data

    def receive_kwargs(self, held) -> dict:
        """The arguments for lifecycle.receive, from the cleaned form."""
        d = self.cleaned_data
        complainant = {
            k: d.get(k) or ""
            for k in (
                "name",
                "organisation",
                "email",
                "phone",
                "postal_address",
                "preferred_language",
                "accessibility_needs",
            )
        }
        kwargs = {
            "description": d["description"],
            "complainant": complainant,
            "product": d.get("product", ""),
            "remedy_sought": d.get("remedy_sought", ""),
            "occurred_on": d.get("occurred_on"),
            "attachments": [*held, *self.accepted_files],
        }
        if d.get("acting_for") == "other":
            kwargs["representative"] = {
                "name": d.get("rep_name", ""),
                "email": d.get("rep_email", ""),
                "phone": d.get("rep_phone", ""),
            }
            kwargs["representative_authority"] = d.get("representative_authority", "")
        return kwargs


class PublicComplaintForm(ComplaintFields):
    """The public form (no account, free of charge: ISO 10002 4.3, 4.6)."""

    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my information is used to "
            "handle this complaint."
        ),
        error_messages={
            "required": _(
                "Tick the box to agree to the privacy notice, so we can handle your complaint."
            )
        },
    )
    # The honeypot: hidden from people (CSS, and it says so); bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def receive_kwargs(self, held) -> dict:
        """The privacy consent is kept in the trail with the complaint (ISO 10002 4.7)."""
        return {
            **super().receive_kwargs(held),
            "consents": {"privacy_notice": bool(self.cleaned_data.get("privacy_consent"))},
        }


class StaffComplaintForm(ComplaintFields):
    """Staff entry of a complaint received by phone, letter, in person or e-mail (7.2)."""

    channel = forms.ChoiceField(
        label=_("How did the complaint arrive?"),
        choices=STAFF_CHANNELS,
        widget=forms.RadioSelect,
        initial=Channel.PHONE,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        help_text=_(
            "Leave as it is for a complaint you are taking now. For one that arrived "
            "earlier, set it back to when it really arrived; never later than now."
        ),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    immediate_action = forms.CharField(
        label=_("Immediate action taken"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    people_involved = forms.CharField(
        label=_("People or unit involved"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=Category.objects.filter(active=True)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["name"].required = False
        for name in ("name", "email", "phone", "postal_address"):  # not the staff's own
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["name"].label = _("Complainant's full name")
        # Staff speak of the complainant, not of themselves ("Myself" on the public form).
        self.fields["acting_for"].label = _("Who is making the complaint?")
        self.fields["acting_for"].choices = [
            ("self", _("The complainant, for themselves")),
            ("other", _("Someone acting for the complainant")),
        ]

    def receive_kwargs(self, held) -> dict:
        kwargs = super().receive_kwargs(held)
        d = self.cleaned_data
        kwargs.update(
            channel=d["channel"],
            received_at=d.get("received_at"),
            immediate_action=d.get("immediate_action", ""),
            people_involved=d.get("people_involved", ""),
            category=d.get("category"),
        )
        return kwargs

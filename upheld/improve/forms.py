"""The forms of the improvement pages: they read types (dates, numbers, choices) and leave
the rules to the actions, whose refusals come back onto the fields (web.lifecycle_errors)."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from upheld.complaints.roles import ROLES
from upheld.organisation.models import ExternalBody
from upheld.organisation.training import Course
from upheld.taxonomy.selectors import labels_in_use

from .models import Finding, Kind, Method

DATE = forms.DateInput(attrs={"type": "date"})
YES_NO = [("", _("Not answered yet")), ("yes", _("Yes")), ("no", _("No"))]


def staff_choices() -> list[tuple[object, str]]:
    people = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=list(ROLES))
        .distinct()
        .order_by("username")
    )
    return [(u.pk, u.get_full_name() or u.get_username()) for u in people]


def cause_choices() -> list[tuple[str, object]]:
    return [("", _("(not named yet)"))] + [
        (str(pk), label) for pk, label in labels_in_use().get("cause", [])
    ]


class OwnerMixin(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "owner" in self.fields:
            cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "—"), *staff_choices()]
        if "cause" in self.fields:
            cast(forms.ChoiceField, self.fields["cause"]).choices = cause_choices()


class StartForm(OwnerMixin):
    title = forms.CharField(label=_("Problem"), max_length=200)
    complaints = forms.CharField(
        label=_("Complaints"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Their references, one per line or separated by commas."),
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    cause = forms.ChoiceField(label=_("Cause"), required=False)
    flagged_kind = forms.CharField(required=False, widget=forms.HiddenInput)
    flagged_from = forms.DateField(required=False, widget=forms.HiddenInput)
    flagged_until = forms.DateField(required=False, widget=forms.HiddenInput)

    def references(self) -> list[str]:
        text = self.cleaned_data.get("complaints", "")
        return [r for r in text.replace(",", "\n").split() if r]


class AnalysisForm(OwnerMixin):
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    notes = forms.CharField(
        label=_("Notes of the analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The whys and their answers, or the fishbone's branches."),
    )
    cause = forms.ChoiceField(label=_("Cause"), required=False)
    affects_others = forms.ChoiceField(
        label=_("Could this cause affect other products, services or processes?"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    affects_which = forms.CharField(
        label=_("Which ones"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def answer(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("affects_others") or "")


class RaiseForm(OwnerMixin):
    what = forms.CharField(label=_("What is to be done"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    due = forms.DateField(
        label=_("Due"), widget=DATE, help_text=_("A business day of the organisation.")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DoneForm(forms.Form):
    done_note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    check_after = forms.IntegerField(
        label=_("Check its effect after (days)"),
        required=False,
        min_value=1,
        max_value=730,
        help_text=_("Empty: the organisation's period (90 days unless set otherwise)."),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class ReopenForm(forms.Form):
    why = forms.CharField(label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    unverified_reason = forms.CharField(
        label=_("Why it is closed without a verified effect"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed unless its effect has been verified."),
    )


class ExternalForm(OwnerMixin):
    complaint = forms.CharField(label=_("Complaint reference"), max_length=32)
    body = forms.ModelChoiceField(label=_("External body"), queryset=ExternalBody.objects.none())
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    finding = forms.ChoiceField(
        label=_("Finding"), choices=Finding.choices, widget=forms.RadioSelect
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    handler = forms.TypedChoiceField(
        label=_("Handler"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Empty: the complaint's handler."),
    )
    course = forms.ModelChoiceField(
        label=_("Training course it points at"), queryset=Course.objects.none(), required=False
    )
    action = forms.IntegerField(
        label=_("Action it points at (number)"), required=False, min_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["body"]).queryset = ExternalBody.objects.order_by(
            "name"
        )
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = Course.objects.order_by(
            "name"
        )
        cast(forms.ChoiceField, self.fields["handler"]).choices = [("", "—"), *staff_choices()]

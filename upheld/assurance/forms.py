"""The pages' forms. They only turn the request into values; every rule is checked by the
write in records.py, whose refusals are put back on these fields (web.lifecycle_errors)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from upheld.complaints.roles import AUDITOR, ROLES
from upheld.improve.models import Kind

from . import clauses
from .models import Answer, FindingKind, Topic


def staff():
    """Active people with a role (owners of actions, attendees)."""
    people = get_user_model().objects.filter(is_active=True, groups__name__in=list(ROLES))
    return people.distinct().order_by("username")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


def _date(label):
    return forms.DateField(label=label, help_text=_("YYYY-MM-DD"))


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    start = _date(_("First day of the period"))
    end = _date(_("Last day of the period"))
    scope = forms.CharField(label=_("Scope"), widget=forms.Textarea(attrs={"rows": 3}))
    clauses = forms.MultipleChoiceField(
        label=_("Clauses"), choices=clauses.choices, widget=forms.CheckboxSelectMultiple
    )
    auditors = PeopleChoice(label=_("Auditors"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        auditors = get_user_model().objects.filter(is_active=True, groups__name=AUDITOR)
        self.fields["auditors"].queryset = auditors.order_by("username")


class AuditForm(forms.Form):
    auditor = PersonChoice(label=_("Auditor"), queryset=None, empty_label=None)
    planned_on = _date(_("Date of the audit"))
    clauses = forms.MultipleChoiceField(label=_("Clauses"), widget=forms.CheckboxSelectMultiple)
    size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=1000, initial=20)
    seed = forms.IntegerField(
        label=_("Seed"),
        required=False,
        min_value=0,
        help_text=_("Leave empty to choose one at random; it is recorded either way."),
    )

    def __init__(self, plan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = plan.auditors.order_by("username")
        self.fields["clauses"].choices = [(c, clauses.title(c)) for c in plan.clauses]


class AnswerForm(forms.Form):
    clause = forms.ChoiceField(label=_("Clause"))
    complaint = forms.TypedChoiceField(
        label=_("Complaint"), coerce=int, empty_value=None, required=False
    )
    procedure = forms.ChoiceField(
        label=clauses.QUESTIONS["procedure"], choices=Answer.choices, widget=forms.RadioSelect
    )
    objectives = forms.ChoiceField(
        label=clauses.QUESTIONS["objectives"], choices=Answer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, audit, sample, *args, **kwargs):
        super().__init__(*args, prefix="answer", **kwargs)
        self.fields["clause"].choices = [(c, clauses.title(c)) for c in audit.clauses]
        self.fields["complaint"].choices = [("", _("The clause as a whole")), *sample]


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices, widget=forms.RadioSelect)
    clause = forms.ChoiceField(label=_("Clause"))
    statement = forms.CharField(label=_("Finding"), widget=forms.Textarea({"rows": 3}))
    complaints = forms.TypedMultipleChoiceField(
        label=_("Complaints that show it"), coerce=int, required=False,
        widget=forms.SelectMultiple({"size": 6}),
    )  # fmt: skip

    def __init__(self, audit, sample, *args, **kwargs):
        super().__init__(*args, prefix="finding", **kwargs)
        self.fields["clause"].choices = [(c, clauses.title(c)) for c in audit.clauses]
        self.fields["complaints"].choices = sample


class ActionFields(forms.Form):
    what = forms.CharField(label=_("What is to be done"), widget=forms.Textarea({"rows": 2}))
    kind = forms.ChoiceField(
        label=_("Kind of action"), choices=Kind.choices, initial=Kind.CORRECTIVE,
        widget=forms.RadioSelect,
    )  # fmt: skip
    owner = PersonChoice(label=_("Owner"), queryset=None)
    due = _date(_("Due (a business day)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff()


class FindingActionForm(ActionFields):
    finding = forms.TypedChoiceField(label=_("Finding"), coerce=int)
    field_order = ["finding", "what", "kind", "owner", "due"]

    def __init__(self, findings, *args, **kwargs):
        super().__init__(*args, prefix="action", **kwargs)
        self.fields["finding"].choices = [
            (f.pk, f"{f.get_kind_display()} · {f.clause} · {f.statement[:60]}")
            for f in findings
            if f.action_id is None
        ]


class ReportForm(forms.Form):
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea({"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="report", **kwargs)


class ReviewForm(forms.Form):
    start = _date(_("First day of the period"))
    end = _date(_("Last day of the period"))
    held_on = _date(_("Held on"))
    attendees = PeopleChoice(label=_("Attendees"), queryset=None, widget=forms.SelectMultiple)
    others = forms.CharField(
        label=_("Other attendees"), required=False, widget=forms.Textarea({"rows": 2})
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff()


class DecisionForm(ActionFields):
    topic = forms.ChoiceField(label=_("On"), choices=Topic.choices, widget=forms.RadioSelect)
    field_order = ["topic", "what", "kind", "owner", "due"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decision", **kwargs)
        self.fields["what"].label = _("Decision")

"""The remedies a decision offers (ISO 10002 7.7), as rows of the decision's form: the
remedy's own form from the move registry (moves.forms: `nested`), a few empty rows offered
without JavaScript, a row left without a kind ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

ROWS = 3


class RemedyRows(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = True
        form.use_required_attribute = False
        kind = form.fields["kind"]
        kind.required = False
        kind.choices = [("", "—"), *[c for c in kind.choices if c[0] != ""]]
        # One line each: a currency is three letters, a description a phrase.
        form.fields["currency"].widget = forms.TextInput(
            attrs={"class": "short", "maxlength": 3, "autocomplete": "off"}
        )
        form.fields["description"].widget = forms.TextInput()
        return form

    def clean(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            given = any(v not in (None, "") for k, v in data.items() if k != "kind")
            if given and not data.get("kind"):
                form.add_error("kind", _("Choose the kind of remedy, or empty the row."))

    def items(self) -> list[dict]:
        """The rows with a kind, as the move's input takes them."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if data.get("kind"):
                rows.append({k: v for k, v in data.items() if v not in (None, "")})
        return rows


def rows_for(nested_form: type[forms.Form], data=None) -> RemedyRows:
    rows = forms.formset_factory(nested_form, formset=RemedyRows, extra=ROWS, max_num=20)
    return rows(data, prefix="remedies")

"""The dashboard's filters: a period, the length of a trend's period, and a dimension."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dimensions import DIMENSIONS

GRAINS = [("month", _("month")), ("week", _("week"))]


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=364), today


class Filters(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (included)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    grain = forms.ChoiceField(label=_("Trend by"), choices=GRAINS, required=False)
    by = forms.ChoiceField(label=_("Group by"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].choices = [("", _("(no grouping)"))] + [
            (name, d.label) for name, d in DIMENSIONS.items()
        ]

    def clean(self):
        data = super().clean()
        first, last = default_period()
        start, end = data.get("start") or first, data.get("end") or last
        if end < start:
            self.add_error("end", _("The last day is before the first."))
        elif (end - start).days > 3660:
            self.add_error("start", _("Choose a period of at most ten years."))
        return data

    def values(self) -> dict:
        """The filters to use: the valid ones, defaults where a value is missing or wrong."""
        first, last = default_period()
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start") or first, data.get("end") or last
        if end < start or (end - start).days > 3660:
            start, end = first, last
        return {
            "start": start,
            "end": end,
            "grain": data.get("grain") or "month",
            "by": data.get("by") or None,
        }

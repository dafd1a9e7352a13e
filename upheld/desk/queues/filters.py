"""A queue's filters (GET parameters): state, priority, category, channel, product, regime,
received between, assignee, and the words to search for. Bad input is named on its field
and the queue is shown without that filter, never a 500."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints import categories, search
from upheld.complaints.models import Channel, Priority, Status
from upheld.deadlines.regimes import Regime

NO_PRIORITY = "none"
# What a category filter that names no category says (as a model choice would).
UNKNOWN = forms.ModelChoiceField.default_error_messages["invalid_choice"]


def _blank(choices) -> list:
    return [("", _("any")), *choices]


class QueueFilters(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_(
            "Reference, complainant's name or e-mail, words of the complaint or of a message. "
            "The newest few hundred matches are searched: add words to find older ones."
        ),
    )
    status = forms.ChoiceField(label=_("State"), required=False, choices=_blank(Status.choices))
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=_blank([*Priority.choices, (NO_PRIORITY, _("not assessed"))]),
    )
    category = forms.TypedChoiceField(
        label=_("Category"),
        required=False,
        choices=lambda: _blank(categories.tree().choices),
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": UNKNOWN},
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=_blank(Channel.choices))
    product = forms.CharField(label=_("Product or service"), required=False, max_length=300)
    regime = forms.ChoiceField(label=_("Regime"), required=False, choices=_blank(Regime.choices))
    received_from = forms.DateField(
        label=_("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = forms.DateField(
        label=_("Received up to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    assignee = forms.CharField(
        label=_("Assigned to"), required=False, max_length=150, help_text=_("A username.")
    )

    # Parameters that are not filters: they are kept out of saved views and exports' names.
    FILTERS = (
        "q",
        "status",
        "priority",
        "category",
        "channel",
        "product",
        "regime",
        "received_from",
        "received_to",
        "assignee",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and end < start:
            self.add_error("received_to", _("Give a date on or after the first date."))
        return data

    def where(self) -> Q:
        """The filter of the fields that are valid (a form with errors filters by the rest)."""
        data = getattr(self, "cleaned_data", {})
        where = Q()
        for name in ("status", "channel", "regime"):
            if data.get(name):
                where &= Q(**{name: data[name]})
        if data.get("priority") == NO_PRIORITY:
            where &= Q(priority__isnull=True)
        elif data.get("priority"):
            where &= Q(priority=int(data["priority"]))
        if data.get("category") is not None:
            category = data["category"]
            where &= Q(category_id__in=[category, *categories.tree().children(category)])
        if data.get("product"):
            where &= Q(product__icontains=data["product"])
        if data.get("assignee"):
            where &= Q(assignee__username=data["assignee"])
        if data.get("received_from"):
            where &= Q(received_at__gte=_start_of(data["received_from"]))
        if data.get("received_to"):
            where &= Q(received_at__lt=_start_of(data["received_to"] + timedelta(days=1)))
        if data.get("q"):
            matching = search.matching(data["q"])
            if matching is not None:
                where &= matching
        return where

    def query_string(self) -> str:
        """The valid filters as a query string (links to the next page, saved views)."""
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for name in self.FILTERS:
            value = self.data.get(name, "")
            if value and name not in self.errors:
                query[name] = value
        return query.urlencode()

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.FILTERS)


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))

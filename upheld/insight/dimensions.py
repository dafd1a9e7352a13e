"""The dimensions analysis groups by (ISO 10002 8.2), each a column of the facts, with the
names of its values read in one query. Terms of older taxonomy versions are counted under
their latest successor, so series run across a change of version."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Category, Channel
from upheld.deadlines.regimes import Regime
from upheld.organisation.teams import Team
from upheld.taxonomy.models import Term
from upheld.taxonomy.selectors import latest, successor_map


def _categories(ids) -> dict:
    return {c.pk: str(c) for c in Category.objects.filter(pk__in=ids).select_related("parent")}


def _terms(ids) -> dict:
    return {t.pk: str(t) for t in Term.objects.filter(pk__in=ids)}


def _teams(ids) -> dict:
    return dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))


def _users(ids) -> dict:
    return {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=ids)}


def _choices(choices) -> Callable:
    def names(ids) -> dict:
        labels = dict(choices)
        return {i: str(labels.get(i, i)) for i in ids}

    return names


@dataclass(frozen=True)
class Dim:
    name: str
    column: str
    label: object
    names: Callable
    versioned: bool = False


DIMENSIONS = {
    d.name: d
    for d in (
        Dim("product", "product_id", _("product or service"), _categories),
        Dim("category", "category_id", _("category"), _categories),
        Dim("cause", "cause_id", _("cause"), _terms, versioned=True),
        Dim("fca_product", "fca_product_id", _("FCA product group"), _terms, versioned=True),
        Dim("fca_cause", "fca_cause_id", _("FCA cause"), _terms, versioned=True),
        Dim("team", "team_id", _("team"), _teams),
        Dim("handler", "assignee_id", _("handler"), _users),
        Dim("channel", "channel", _("channel"), _choices(Channel.choices)),
        Dim("regime", "regime", _("regime"), _choices(Regime.choices)),
    )
}


def expression(dim: Dim):
    """The value to group by: the column, with old terms as their latest successor."""
    if not dim.versioned:
        return F(dim.column)
    succ = successor_map()
    whens = [When(**{dim.column: old}, then=Value(latest(old, succ))) for old in succ]
    return Case(*whens, default=F(dim.column)) if whens else F(dim.column)


def unknown_dimension(name: str) -> str:
    return f"Unknown dimension '{name}': use one of {', '.join(DIMENSIONS)}."


__all__ = ["DIMENSIONS", "Dim", "expression", "unknown_dimension"]

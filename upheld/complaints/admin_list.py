"""The admin's complaint list at a million complaints (ISO 10002 8.1: the records stay
usable as they grow): a page costs the same few statements however many complaints there
are, and each is served by an index.

- the category filter drills down (the top level, then what is below the chosen one),
  named from one query (not one per category walking its parents);
- the count under the page is exact while small and the planner's estimate beyond
  ESTIMATE_ABOVE (PostgreSQL: counting a million rows is a full scan), and the admin's
  second, unfiltered count is off (`show_full_result_count = False`);
- search is by exact reference (case as the reference is written, so the unique index
  serves it, not UPPER(reference)) or exact external reference (its index)."""

import json

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .categories import CategoryTree

ESTIMATE_ABOVE = 10_000


class CategoryFilter(admin.SimpleListFilter):
    """By category, drilling down: the top-level categories and, once one is chosen, the
    categories below it and beside it on its way down (a list of two hundred links in the
    side bar costs as much to draw as the page's rows, and nobody reads it). A category's
    complaints include those of the categories below it. Named from one query."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        tree = self.tree = CategoryTree()
        chosen = self.chosen()
        way = set(tree.path(chosen)) if chosen in tree.parent else set()
        shown = [pk for pk, up in tree.parent.items() if up is None or up in way]
        return sorted(((pk, tree.label(pk)) for pk in shown), key=lambda row: row[1])

    def chosen(self) -> int | None:
        value = self.value()
        if value is None:
            return None
        try:
            return int(value)
        except ValueError:
            raise IncorrectLookupParameters(self.parameter_name) from None

    def queryset(self, request, queryset):
        chosen = self.chosen()
        if chosen is None:
            return queryset
        return queryset.filter(category__in=self.tree.under(chosen))


class EstimatedCountPaginator(Paginator):
    """Pages counted exactly up to ESTIMATE_ABOVE rows; beyond, the PostgreSQL planner's
    estimate of the rows the query returns (no scan)."""

    @cached_property
    def count(self) -> int:
        queryset: QuerySet = self.object_list  # type: ignore[assignment]
        connection = connections[queryset.db]
        if connection.vendor == "postgresql":
            estimate = _planner_rows(queryset, connection)
            if estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count


def _planner_rows(queryset, connection) -> int:
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def search(queryset, term: str):
    """Complaints whose reference or external reference is `term` (exact; the reference
    in any case). Each side is an index lookup."""
    term = term.strip()
    if not term:
        return queryset
    return queryset.filter(Q(reference__in={term, term.upper()}) | Q(external_reference=term))

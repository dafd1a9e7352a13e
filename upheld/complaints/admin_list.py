"""The admin's complaint list at a million complaints (ISO 10002 8.1: the records stay
usable as they grow): a page costs the same few statements however many complaints there
are, and each is served by an index.

- the category filter names every category from one query (not one per category walking
  its parents);
- the count under the page is exact while small and the planner's estimate beyond
  ESTIMATE_ABOVE (PostgreSQL: counting a million rows is a full scan), and the admin's
  second, unfiltered count is off (`show_full_result_count = False`);
- search is by exact reference (case as the reference is written, so the unique index
  serves it, not UPPER(reference)) or exact external reference (its index)."""

import json

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from .models import Category

ESTIMATE_ABOVE = 10_000


def category_labels() -> list[tuple[int, str]]:
    """Every category with its path ("Cards › Fees"), from one query, sorted by path."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.values_list("pk", "name", "parent_id")
    }

    def label(pk: int, depth: int = 0) -> str:
        name, parent = rows[pk]
        if parent is None or parent not in rows or depth > 20:
            return name
        return f"{label(parent, depth + 1)} › {name}"

    return sorted(((pk, label(pk)) for pk in rows), key=lambda row: row[1])


class CategoryFilter(admin.RelatedFieldListFilter):
    """The admin's related filter, with its choices named from one query."""

    def field_choices(self, field, request, model_admin):
        return category_labels()


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

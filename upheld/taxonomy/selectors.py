"""Reading the taxonomies: the terms a complaint may be classified on today, and a term's
latest successor (trends across versions count a complaint there)."""

from datetime import date

from django.db.models import Q

from .models import Dimension, Term


def choosable(dimension: str, on: date | None = None):
    """Terms in use of the dimension's versions valid on `on` (any date when None)."""
    qs = Term.objects.filter(taxonomy__dimension=dimension, active=True)
    if on is not None:
        qs = qs.filter(taxonomy__valid_from__lte=on).filter(
            Q(taxonomy__valid_until__isnull=True) | Q(taxonomy__valid_until__gte=on)
        )
    return qs.select_related("taxonomy").order_by("group", "label")


def labels_in_use() -> dict[str, list[tuple[int, str]]]:
    """{dimension: [(term id, "label (version)")]} of the terms in use, kept per process and
    dropped when a taxonomy or term changes (core/lookups.py): the classify form offers
    them on every page without a query."""
    from upheld.core import lookups

    def load():
        out: dict[str, list[tuple[int, str]]] = {}
        for t in (
            Term.objects.filter(active=True).select_related("taxonomy").order_by("group", "label")
        ):
            out.setdefault(t.taxonomy.dimension, []).append((t.pk, f"{t} ({t.taxonomy.version})"))
        return out

    return lookups.cached("taxonomy-terms", load)


def latest(term_id: int | None, successors: dict[int, int | None]) -> int | None:
    """Follow successor links to the newest term (`successors`: id → successor id)."""
    seen = set()
    while term_id is not None and successors.get(term_id) and term_id not in seen:
        seen.add(term_id)
        term_id = successors[term_id]
    return term_id


def successor_map() -> dict[int, int | None]:
    return dict(Term.objects.exclude(successor=None).values_list("pk", "successor_id"))


__all__ = ["Dimension", "choosable", "latest", "successor_map"]

"""Percentiles of durations per group: in the database on PostgreSQL (percentile_cont), in
Python elsewhere, with the same definition (linear interpolation between closest ranks)."""

from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, FloatField


class PercentileCont(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=fraction, **extra)


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks, as PostgreSQL's percentile_cont."""
    if not values:
        return None
    values = sorted(values)
    pos = (len(values) - 1) * fraction
    low = int(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def grouped_percentiles(qs, group, fields: list[str], fractions=(0.5, 0.9)) -> dict:
    """{field: {group value: (p50, p90, n)}} of each of `fields` (its non-NULL values) in
    `qs`, grouped by `group`: one statement for all the fields (a complaint's durations
    in hours and in business days are read in the same pass)."""
    from django.db.models import Count, Q

    present = Q()
    for name in fields:
        present |= Q(**{f"{name}__isnull": False})
    qs = qs.filter(present).annotate(g=group)
    out: dict = {name: {} for name in fields}
    if connection.vendor == "postgresql":
        aggs = {}
        for j, name in enumerate(fields):
            known = Q(**{f"{name}__isnull": False})
            aggs[f"n{j}"] = Count("pk", filter=known)
            for i, f in enumerate(fractions):
                aggs[f"p{j}_{i}"] = PercentileCont(name, f, filter=known)
        for r in qs.values("g").annotate(**aggs).order_by():
            for j, name in enumerate(fields):
                if r[f"n{j}"]:
                    ps = [r[f"p{j}_{i}"] for i in range(len(fractions))]
                    out[name][r["g"]] = (*ps, r[f"n{j}"])
        return out
    values: dict = {name: defaultdict(list) for name in fields}
    for g, *row in qs.values_list("g", *fields).iterator(chunk_size=5000):
        for name, v in zip(fields, row, strict=True):
            if v is not None:
                values[name][g].append(v)
    for name in fields:
        out[name] = {
            g: (*[percentile(vs, f) for f in fractions], len(vs)) for g, vs in values[name].items()
        }
    return out

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


def grouped_percentiles(qs, group, field: str, fractions=(0.5, 0.9)) -> dict:
    """{group value: (p50, p90, n)} of `field` (non-NULL) in `qs`, grouped by `group`."""
    qs = qs.filter(**{f"{field}__isnull": False}).annotate(g=group)
    if connection.vendor == "postgresql":
        from django.db.models import Count

        aggs = {f"p{i}": PercentileCont(field, f) for i, f in enumerate(fractions)}
        rows = qs.values("g").annotate(n=Count("pk"), **aggs).order_by()
        return {r["g"]: (*[r[f"p{i}"] for i in range(len(fractions))], r["n"]) for r in rows}
    values = defaultdict(list)
    for g, v in qs.values_list("g", field).iterator(chunk_size=5000):
        values[g].append(v)
    return {g: (*[percentile(vs, f) for f in fractions], len(vs)) for g, vs in values.items()}

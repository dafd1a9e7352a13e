"""Trends and problems found for you (ISO 10002 8.2; DISP 1.3.3R).

Series: complaints received per week or month, per value of a dimension, in the
organisation's zone.

A rise is flagged by a Poisson control limit on a rolling baseline: for each period, the
baseline is the mean count of the BASELINE periods before it (at least MIN_BASELINE of them
must exist), and the period is flagged when a count at least as high as the one seen would
happen by chance with probability below ALPHA if complaints kept arriving at the baseline
rate (one-sided upper tail of Poisson(baseline)). Counts of complaints arriving independently
at a steady rate are Poisson; a rolling baseline follows slow, seasonal drift, so what is
flagged is a jump against the recent past, not a long trend.

Problems: a recurring problem is one cause (or another dimension) seen at least
`recurring_min` times in the window; a systemic one is a cause seen across at least
`systemic_min` different products or teams in the window. Each is listed with its
complaints' references (no personal data: the reference opens the complaint in the desk,
which applies its own rules of who may see it)."""

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from upheld.core import localtime
from upheld.taxonomy.selectors import latest, successor_map

from .dimensions import DIMENSIONS, expression, unknown_dimension
from .kpis import TOTAL, scope
from .scopes import tallied
from .tally import TOTAL as TOTAL_DIM

BASELINE = 8
MIN_BASELINE = 4
ALPHA = 0.01
GRAINS = ("week", "month")


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if lam > 500:  # normal approximation with continuity correction
        z = (k - 0.5 - lam) / math.sqrt(lam)
        return 0.5 * math.erfc(z / math.sqrt(2))
    term = math.exp(-lam)
    cdf = term
    for i in range(1, k):
        term *= lam / i
        cdf += term
    return max(0.0, 1.0 - cdf)


@dataclass
class Point:
    period: datetime
    count: int
    baseline: float | None = None
    p_value: float | None = None
    rise: bool = False


@dataclass
class Series:
    key: object
    name: str
    points: list[Point] = field(default_factory=list)


def _periods(start: datetime, end: datetime, grain: str, zone) -> list[datetime]:
    from datetime import timedelta

    local = start.astimezone(zone)
    if grain == "month":
        p = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    else:
        p = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    out = []
    while p < end:
        out.append(p)
        if grain == "month":
            p = p.replace(year=p.year + (p.month == 12), month=p.month % 12 + 1)
        else:
            p = (p + timedelta(days=7)).replace(tzinfo=zone)
    return out


def series(
    start: datetime, end: datetime, grain: str = "month", by: str | None = None, facts=None
) -> list[Series]:
    """Received complaints per period (from the one containing `start` to `end`), per value
    of `by`, each point tested against its rolling baseline."""
    if grain not in GRAINS:
        raise ValueError(f"Unknown period '{grain}': use week or month.")
    if by is not None and by not in DIMENSIONS:
        raise ValueError(unknown_dimension(by))
    zone = localtime.zone() or UTC
    periods = _periods(start, end, grain, zone)
    if not periods:
        return []
    dim = DIMENSIONS[by] if by else None
    # Received per day of the tallies, each day counted in its period.
    days = [p.date() for p in periods]
    counts: dict = defaultdict(dict)
    for (key, day), cell in tallied(facts, by or TOTAL_DIM, periods[0], end, daily=True).items():
        n = cell.counts.get("received", 0)
        if n:
            i = bisect_right(days, day) - 1
            counts[key][i] = counts[key].get(i, 0) + n
    names = dim.names([k for k in counts if k is not None]) if dim else {}
    out = []
    for key, by_period in counts.items():
        s = Series(key, "(total)" if key == TOTAL else names.get(key, "(not classified)"))
        history: list[int] = []
        for i, p in enumerate(periods):
            n = by_period.get(i, 0)
            point = Point(p, n)
            recent = history[-BASELINE:]
            if len(recent) >= MIN_BASELINE:
                point.baseline = sum(recent) / len(recent)
                point.p_value = poisson_tail(n, point.baseline)
                point.rise = point.p_value < ALPHA
            s.points.append(point)
            history.append(n)
        out.append(s)
    out.sort(key=lambda s: (-sum(p.count for p in s.points), s.name))
    return out


@dataclass
class Problem:
    kind: str  # recurring | systemic
    dimension: str
    key: object
    name: str
    count: int
    spread: list[str]  # the products or teams it was seen in (systemic)
    references: list[str]


def problems(
    start: datetime,
    end: datetime,
    *,
    by: str = "cause",
    across: tuple[str, ...] = ("product", "team"),
    recurring_min: int = 5,
    systemic_min: int = 3,
    facts=None,
    limit: int = 50,
) -> list[Problem]:
    """Recurring and systemic problems among complaints received in [start, end)."""
    from upheld.complaints.models import Complaint

    dim = DIMENSIONS[by]
    counts = {
        key: cell.counts.get("received", 0)
        for key, cell in tallied(facts, by, start, end).items()
        if key is not None and cell.counts.get("received", 0) >= min(recurring_min, systemic_min)
    }
    if not counts:
        return []
    # Only the complaints of the values counted often enough are read from the facts.
    qs = scope(facts).filter(
        received_at__gte=start, received_at__lt=end, **{f"{dim.column}__in": _raw(dim, counts)}
    )
    qs = qs.annotate(g=expression(dim))
    spreads: dict = {}
    for other in across:
        col = DIMENSIONS[other].column
        pairs = (
            qs.filter(g__in=list(counts))
            .exclude(**{f"{col}__isnull": True})
            .values("g", col)
            .distinct()
            .order_by()
        )
        seen = defaultdict(set)
        for r in pairs:
            seen[r["g"]].add(r[col])
        spreads[other] = seen
    found = []
    names = dim.names(list(counts))
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        name = names.get(key, str(key))
        if n >= recurring_min:
            found.append(Problem("recurring", by, key, name, n, [], []))
        for other in across:
            values = spreads[other].get(key, set())
            if len(values) >= systemic_min:
                labels = sorted(DIMENSIONS[other].names(list(values)).values())
                found.append(
                    Problem("systemic", by, key, name, n, [f"{other}: {v}" for v in labels], [])
                )
    found = found[:limit]
    keys = {p.key for p in found}
    refs: dict = defaultdict(list)
    ids = qs.filter(g__in=list(keys)).values_list("g", "complaint_id").order_by("-received_at")
    by_id = defaultdict(list)
    for g, cid in ids:
        by_id[g].append(cid)
    wanted = [cid for cids in by_id.values() for cid in cids[:200]]
    reference = dict(Complaint.objects.filter(pk__in=wanted).values_list("pk", "reference"))
    for g, cids in by_id.items():
        refs[g] = [reference[c] for c in cids[:200] if c in reference]
    for p in found:
        p.references = refs.get(p.key, [])
    return found


def _raw(dim, keys) -> list:
    """The values recorded that count as `keys` (a term's older versions too)."""
    if not dim.versioned:
        return list(keys)
    succ = successor_map()
    return [*keys, *[old for old in succ if latest(old, succ) in keys]]

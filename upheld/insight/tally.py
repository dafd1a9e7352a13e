"""What the complaints' facts add up to (ISO 10002 8.4), per day of the organisation's zone,
per scope and per value of a dimension: the one definition the tallies are kept, rebuilt
and checked by (tallies.py), and that the figures fall back to where no kept tally can
answer (a period not made of whole days; the part of a viewer's complaints no scope covers).

Each figure counts on the day of its moment:
- the cohort's figures (received, decided, each outcome, the source's timeliness, reopened,
  escalated, referred, times unknown, opened, redress by currency) on the day of receipt;
- closed on the day of the closure in force;
- each duration (to acknowledge, first response, decision, close) on the day of its moment,
  as a histogram: calendar hours to the nearest hour (a half up), business days exact;
- each binding clock on the day it stopped: met, and how many.

The database computes them in a fixed number of grouped statements (no row of facts comes
into Python), so the same code serves the job's chunk of complaints and a rebuild."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Floor, TruncDate

from upheld.core import localtime

from .dimensions import DIMENSIONS
from .models import ClockFact, Fact

OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
COHORT = {
    "received": Q(),
    "decided": ~Q(outcome=""),
    **{o: Q(outcome=o) for o in OUTCOMES},
    "timely_known": Q(source_timely__isnull=False),
    "timely": Q(source_timely=True),
    "reopened": Q(reopened__gt=0),
    "escalated": Q(escalated=True),
    "referred": Q(referred=True),
    "times_unknown": Q(times_unknown=True),
    "ack_unknown": Q(imported=True, acknowledged_at__isnull=True),
    # Counted open from receipt until its closure (when its times are known): "open at the
    # end" is what was opened before the end less what was closed before it.
    "opened": Q(times_unknown=False) & (Q(is_open=True) | Q(closed_at__isnull=False)),
}
COUNTS = (*COHORT, "closed")
MOMENTS = {  # a duration's prefix → the instant it ends at
    "ack": "acknowledged_at",
    "response": "first_response_at",
    "decision": "decided_at",
    "close": "closed_at",
}
TOTAL = "total"
SCOPE_COLUMNS = {"all": None, "team": "team_id", "handler": "assignee_id"}
# What is kept: every dimension organisation-wide and per team (one statement per team
# level, added up into "all"), a handler's own total.
KEPT = [("team", TOTAL), *[("team", name) for name in DIMENSIONS], ("handler", TOTAL)]

Key = tuple[str, str, str, date]  # scope, dim, value, day
PARTS = frozenset({"cohort", "redress", "closed", "clocks"})  # and durations, by level


@dataclass
class Cell:
    counts: dict = field(default_factory=dict)
    redress: dict = field(default_factory=dict)  # currency → [hundredths, complaints, …]
    clocks: dict = field(default_factory=dict)  # clock key → [met, total]
    times: dict = field(default_factory=dict)  # "ack_hours" → {bucket: complaints}

    def add(self, other: "Cell", sign: int = 1) -> "Cell":
        for k, n in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + sign * n
        for mine, theirs in ((self.redress, other.redress), (self.clocks, other.clocks)):
            for k, ns in theirs.items():
                got = mine.setdefault(k, [0] * len(ns))
                for i, n in enumerate(ns):
                    got[i] += sign * n
        for k, hist in other.times.items():
            got = self.times.setdefault(k, {})
            for b, n in hist.items():
                got[b] = got.get(b, 0) + sign * n
        return self

    def normal(self) -> "Cell":
        """Without its zeros (what a kept row holds)."""
        return Cell(
            {k: n for k, n in self.counts.items() if n},
            {k: ns for k, ns in self.redress.items() if any(ns)},
            {k: ns for k, ns in self.clocks.items() if any(ns)},
            {
                k: h
                for k, h in ((k, {b: n for b, n in h.items() if n}) for k, h in self.times.items())
                if h
            },
        )

    def empty(self) -> bool:
        n = self.normal()
        return not (n.counts or n.redress or n.clocks or n.times)


def times_of(stored: dict) -> dict:
    """Durations as kept (JSON: text keys) → {"ack_hours": {hours: complaints}, …}."""
    return {k: {int(b): n for b, n in h.items()} for k, h in stored.items()}


def _text(value) -> str:
    return "" if value is None else str(value)


def _cents(amount) -> int:
    return int((amount or Decimal(0)) * 100)


class _Level:
    """One grouping: the scope's column, the dimension's column, durations or not."""

    def __init__(self, scope: str, dim: str, times: bool):
        self.scope, self.dim, self.times = scope, dim, times
        self.scope_column = SCOPE_COLUMNS[scope]
        self.column = None if dim == TOTAL else DIMENSIONS[dim].column

    def columns(self, prefix: str = "") -> dict:
        out = {}
        if self.scope_column:
            out["s"] = F(prefix + self.scope_column)
        out["v"] = F(prefix + self.column) if self.column else Value("")
        return out

    def keys(self, row: dict, day: date) -> list[Key]:
        value = _text(row["v"])
        if self.scope == "all":
            return [("all", self.dim, value, day)]
        if self.scope == "handler":
            return [] if row["s"] is None else [(f"handler:{row['s']}", self.dim, value, day)]
        return [(f"team:{_text(row['s'])}", self.dim, value, day), ("all", self.dim, value, day)]


def zone():
    return localtime.zone() or UTC


def _day(column: str, local_zone):
    return TruncDate(column, tzinfo=local_zone)


def _within(column: str, start, end) -> Q:
    q = Q(**{f"{column}__isnull": False})
    if start is not None:
        q &= Q(**{f"{column}__gte": start})
    if end is not None:
        q &= Q(**{f"{column}__lt": end})
    return q


def contributions(
    facts=None,
    clocks=None,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    levels=None,
    parts=PARTS,
) -> dict[Key, Cell]:
    """What `facts` (and their stopped clocks, `clocks`) add to each tally whose moment fell
    in [start, end). `levels`: (scope, dim, with durations) groupings; the kept ones by
    default (durations on the totals). `parts`: which of PARTS to compute."""
    facts = Fact.objects.all() if facts is None else facts
    if clocks is None:
        clocks = ClockFact.objects.filter(fact__in=facts)
    if levels is None:
        levels = [(scope, dim, dim == TOTAL) for scope, dim in KEPT]
    out: dict[Key, Cell] = defaultdict(Cell)
    z = zone()

    def put(level, rows, fill):
        for r in rows:
            for key in level.keys(r, r["d"]):
                fill(out[key], r)

    for scope, dim, times in levels:
        lv = _Level(scope, dim, times)
        cols = lv.columns()
        received = facts.filter(_within("received_at", start, end)).annotate(
            d=_day("received_at", z), **cols
        )
        cohort = received.values(*cols, "d").annotate(
            **{f"n_{name}": Count("pk", filter=q) for name, q in COHORT.items()}
        )
        if "cohort" in parts:
            put(lv, cohort.order_by(), lambda c, r: c.add(Cell({k: r[f"n_{k}"] for k in COHORT})))
        redress = (
            received.filter(redress_count__gt=0)
            .values(*cols, "d", "redress_currency")
            .annotate(
                total=Sum("redress_amount"),
                n=Count("pk"),
                remedies=Sum("redress_count"),
                unknown=Sum("redress_unknown"),
            )
        )
        put(
            lv,
            redress.order_by() if "redress" in parts else [],
            lambda c, r: c.add(
                Cell(
                    redress={
                        r["redress_currency"] or "unknown": [
                            _cents(r["total"]),
                            r["n"],
                            r["remedies"],
                            r["unknown"],
                        ]
                    }
                )
            ),
        )
        closed = (
            facts.filter(_within("closed_at", start, end))
            .annotate(d=_day("closed_at", z), **cols)
            .values(*cols, "d")
            .annotate(n=Count("pk"))
        )
        if "closed" in parts:
            put(lv, closed.order_by(), lambda c, r: c.add(Cell({"closed": r["n"]})))
        through = lv.columns("fact__")
        stopped = (
            clocks.filter(_within("stopped_at", start, end))
            .annotate(d=_day("stopped_at", z), **through)
            .values(*through, "d", "key")
            .annotate(total=Count("pk"), met=Count("pk", filter=Q(met=True)))
        )
        put(
            lv,
            stopped.order_by() if "clocks" in parts else [],
            lambda c, r: c.add(Cell(clocks={r["key"]: [r["met"], r["total"]]})),
        )
        if lv.times:
            for prefix, moment in MOMENTS.items():
                put(lv, _durations(facts, lv, prefix, moment, start, end, z), _timed(prefix))
    return {k: c.normal() for k, c in out.items() if not c.empty()}


def _durations(facts, lv: _Level, prefix: str, moment: str, start, end, z):
    cols = lv.columns()
    return (
        facts.filter(_within(moment, start, end), **{f"{prefix}_hours__isnull": False})
        .annotate(
            d=_day(moment, z),
            h=Floor(F(f"{prefix}_hours") + 0.5),
            b=F(f"{prefix}_bdays"),
            **cols,
        )
        .values(*cols, "d", "h", "b")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _timed(prefix: str):
    def fill(cell: Cell, r: dict) -> None:
        cell.add(
            Cell(
                times={
                    f"{prefix}_hours": {int(r["h"]): r["n"]},
                    f"{prefix}_bdays": {r["b"]: r["n"]},
                }
            )
        )

    return fill


def percentile(hist: dict, fraction: float) -> float | None:
    """Of a histogram {value: how many}: linear interpolation between closest ranks, as
    PostgreSQL's percentile_cont over the values it counts."""
    n = sum(hist.values())
    if not n:
        return None
    pos = (n - 1) * fraction
    low = int(pos)
    wanted = (low, min(low + 1, n - 1))
    found = []
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(value)
        if len(found) == 2:
            break
    return found[0] + (found[1] - found[0]) * (pos - low)

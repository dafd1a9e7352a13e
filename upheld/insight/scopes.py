"""Whose complaints a figure covers, and where it is read from (ISO 10002 8.4, 4.7).

A `Scope` is the facts a viewer's figures cover (the one visibility rule, access.py), with
the kept tallies whose sum is those facts (`tallies`) and the facts no kept tally covers
(`rest`, added from the facts by the same definition, tally.py). `tallied` adds up a
dimension's values over a period: the kept days from the tallies, the rest from the facts.

The tallies answer a period made of whole days of the organisation's zone (every page,
report and API period is: reports.period); another period (a test's instants, say) is
computed from the facts. They keep durations on the totals only and a handler's own
complaints without dimensions: a handler's figures grouped by a dimension, and each group's
durations (the KPI report, not the dashboards, shows them), come from the facts."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import QuerySet, Sum

from upheld.taxonomy.selectors import latest, successor_map

from .dimensions import DIMENSIONS
from .models import Fact, Tally
from .tally import COUNTS, TOTAL, Cell, contributions, times_of, zone

ALL = "__total__"  # the key of the total row


@dataclass(frozen=True)
class Scope:
    facts: QuerySet
    tallies: tuple[str, ...] = ()
    rest: QuerySet | None = None

    def only_facts(self) -> "Scope":
        return Scope(self.facts, (), self.facts)

    def keeps(self, dim: str, times: bool) -> bool:
        """Whether its tallies hold `dim` (with durations, when `times`)."""
        if times and dim != TOTAL:
            return False
        return dim == TOTAL or not any(s.startswith("handler:") for s in self.tallies)


def of(facts) -> Scope:
    """A Scope from what callers pass: None (every complaint), a Scope, or facts (read
    from the facts)."""
    if facts is None:
        return Scope(Fact.objects.all(), ("all",))
    if isinstance(facts, Scope):
        return facts
    return Scope(facts, (), facts)


def facts_of(facts) -> QuerySet:
    return of(facts).facts


def beginning(end: datetime) -> datetime:
    """A midnight before any complaint, in the zone of `end`."""
    return datetime.combine(date(1900, 1, 1), time.min, tzinfo=end.tzinfo)


def whole_days(start: datetime, end: datetime, local_zone=None) -> tuple[date, date] | None:
    """[start, end) as days of the organisation's zone, when both are its midnights."""
    local_zone = local_zone or zone()
    local = start.astimezone(local_zone), end.astimezone(local_zone)
    if any(t.timetz().replace(tzinfo=None) != time.min for t in local):
        return None
    return local[0].date(), local[1].date()


def _key(dim: str, text: str, succ: dict | None):
    if dim == TOTAL:
        return ALL
    d = DIMENSIONS[dim]
    if not d.column.endswith("_id"):
        return text or None
    key = int(text) if text else None
    return latest(key, succ) if succ is not None else key


def tallied(
    facts,
    dim: str,
    start: datetime,
    end: datetime,
    *,
    counts=True,
    details=False,
    times=False,
    daily=False,
) -> dict:
    """{key: Cell} of dimension `dim` ("total": one key, ALL) over [start, end): counts
    (unless not `counts`: durations only, from the facts when not kept); redress and clocks
    with `details`; durations with `times`; {(key, day): Cell} with `daily`."""
    sc = of(facts)
    days = whole_days(start, end, zone())
    if sc.tallies and (days is None or not sc.keeps(dim, times)):  # from the facts
        sc = sc.only_facts()
    succ = successor_map() if dim != TOTAL and DIMENSIONS[dim].versioned else None
    out: dict = defaultdict(Cell)

    def put(text: str, day: date, cell: Cell) -> None:
        key = _key(dim, text, succ)
        out[(key, day) if daily else key].add(cell)

    if sc.tallies and days is not None:
        rows = Tally.objects.filter(
            scope__in=sc.tallies, dim=dim, day__gte=days[0], day__lt=days[1]
        )
        group = ("value", "day") if daily else ("value",)
        sums = rows.values(*group).annotate(**{k: Sum(k) for k in COUNTS}).order_by()
        for r in sums:
            put(r["value"], r.get("day"), Cell({k: r[k] for k in COUNTS if r[k]}))
        wanted = [
            f for f, on in (("redress", details), ("clocks", details), ("times", times)) if on
        ]
        if wanted:
            # Merged as kept (text keys) in plain loops, then made a Cell once per key: a
            # year of days' histograms is some 250,000 entries.
            merged: dict = {}
            for value, day, *maps in rows.values_list("value", "day", *wanted).order_by():
                got = merged.setdefault((value, day if daily else None), {f: {} for f in wanted})
                for f, kept in zip(wanted, maps, strict=True):
                    (_add_maps if f == "times" else _add_lists)(got[f], kept)
            for (value, day), got in merged.items():
                if "times" in got:
                    got["times"] = times_of(got["times"])
                put(value, day, Cell(**got))
    if sc.rest is not None and sc.rest.exists():
        parts = {
            *(("cohort", "closed") if counts else ()),
            *(("redress", "clocks") if details else ()),
        }
        found = contributions(
            sc.rest, start=start, end=end, levels=[("all", dim, times)], parts=parts
        )
        for (_, _, value, day), cell in found.items():
            put(value, day, cell)
    return dict(out)


def _add_maps(into: dict, kept: dict) -> None:
    for k, hist in kept.items():
        got = into.setdefault(k, {})
        get = got.get
        for b, n in hist.items():
            got[b] = get(b, 0) + n


def _add_lists(into: dict, kept: dict) -> None:
    for k, ns in kept.items():
        got = into.get(k)
        if got is None:
            into[k] = list(ns)
        else:
            for i, n in enumerate(ns):
                got[i] += n

"""The tallies kept (ISO 10002 8.4): per day, scope and value of a dimension, what the facts
add up to (tally.py), so a dashboard adds up a year's days instead of reading a year of
complaints.

Kept by the summaries job in the transaction that replaces a chunk of complaints' facts:
what their old facts added is taken away and what their new facts add is put in
(`apply`). That is correct because every writer of facts and tallies (the job, a rebuild)
first locks the watermark's row: one at a time, so the old contribution taken away is
exactly the one put in before, and nobody changes the facts in between. Readers see facts
and tallies of the same commit. `check()` compares every kept tally with a recomputation
from the facts; `rebuild()` makes them all again from the facts."""

from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Max, Min

from .models import ClockFact, Fact, Tally, Watermark
from .tally import COUNTS, Cell, Key, contributions, times_of, zone

BATCH = 1000


def as_cell(row: Tally) -> Cell:
    return Cell(
        {k: getattr(row, k) for k in COUNTS if getattr(row, k)},
        row.redress,
        row.clocks,
        times_of(row.times),
    )


def _row(key: Key, cell: Cell) -> Tally:
    scope, dim, value, day = key
    return Tally(
        day=day,
        scope=scope,
        dim=dim,
        value=value,
        **{k: cell.counts.get(k, 0) for k in COUNTS},
        redress=cell.redress,
        clocks=cell.clocks,
        times={k: {str(b): n for b, n in sorted(h.items())} for k, h in cell.times.items()},
    )


def difference(new: dict[Key, Cell], old: dict[Key, Cell]) -> dict[Key, Cell]:
    out = {k: Cell().add(c) for k, c in new.items()}
    for k, c in old.items():
        out.setdefault(k, Cell()).add(c, -1)
    return {k: c.normal() for k, c in out.items() if not c.empty()}


def _kept(keys: list[Key]) -> dict[Key, Tally]:
    """The kept rows of `keys` (one statement: row values against a list)."""
    table = Tally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(keys))
    with connection.cursor() as cur:
        cur.execute(
            # Only placeholders and the model's own table name are put in the text.
            f"SELECT id FROM {table} WHERE (scope, dim, value, day) IN (VALUES {values})",  # noqa: S608
            [x for key in keys for x in key],
        )
        ids = [pk for (pk,) in cur.fetchall()]
    return {(t.scope, t.dim, t.value, t.day): t for t in Tally.objects.filter(pk__in=ids)}


def apply(delta: dict[Key, Cell]) -> None:
    """Add `delta` to the kept tallies (the caller holds the watermark's lock)."""
    keys = sorted(delta)
    for first in range(0, len(keys), BATCH):
        batch = keys[first : first + BATCH]
        kept = _kept(batch)
        fresh = []
        for key in batch:
            cell = as_cell(kept[key]) if key in kept else Cell()
            cell = cell.add(delta[key]).normal()
            if not cell.empty():
                fresh.append(_row(key, cell))
        Tally.objects.filter(pk__in=[t.pk for t in kept.values()]).delete()
        Tally.objects.bulk_create(fresh, batch_size=BATCH)


def _months(first: date, last: date, months: int = 3) -> Iterator[tuple[datetime, datetime]]:
    """[start, end) instants at local midnights, `months` months each, covering the days."""
    day = first.replace(day=1)
    while day <= last:
        m = day.month - 1 + months
        nxt = date(day.year + m // 12, m % 12 + 1, 1)
        yield (
            datetime.combine(day, time.min, tzinfo=zone()),
            datetime.combine(nxt, time.min, tzinfo=zone()),
        )
        day = nxt


def _extent() -> tuple[date, date] | None:
    moments = ("received_at", "acknowledged_at", "first_response_at", "decided_at", "closed_at")
    got = Fact.objects.aggregate(
        first=Min("received_at"), **{f"m{i}": Max(m) for i, m in enumerate(moments)}
    )
    clocks = ClockFact.objects.aggregate(first=Min("stopped_at"), last=Max("stopped_at"))
    firsts = [x for x in (got.pop("first"), clocks["first"]) if x]
    lasts = [x for x in (*got.values(), clocks["last"]) if x]
    if not firsts:
        return None
    return (
        min(firsts).astimezone(zone()).date() - timedelta(days=1),
        max(lasts).astimezone(zone()).date() + timedelta(days=1),
    )


def _spans() -> Iterator[tuple[datetime, datetime]]:
    extent = _extent()
    if extent is not None:
        yield from _months(*extent)


VERSION = 2  # what a tally holds: a new version is built again by the job


def _marker() -> str:
    return f"tallies v{VERSION} in {zone()}"[:40]


def built() -> bool:
    """Whether the tallies were built, as this version keeps them, in the organisation's
    zone of today (days are days of that zone: when it changes, they are built again)."""
    return Watermark.objects.filter(name=_marker()).exists()


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Every tally made again from the facts, three months of days at a time (the caller
    holds the watermark's lock); returns how many rows."""
    Tally.objects.all().delete()
    Watermark.objects.filter(name__startswith="tallies ").delete()
    Watermark.objects.create(name=_marker())
    n = 0
    for start, end in _spans():
        cells = contributions(Fact.objects.all(), ClockFact.objects.all(), start=start, end=end)
        Tally.objects.bulk_create([_row(k, c) for k, c in cells.items()], batch_size=BATCH)
        n += len(cells)
        if progress:
            progress(len(cells))
    return n


def check() -> list[Key]:
    """The tallies that differ from a recomputation from the facts (empty: all equal)."""
    wrong: set[Key] = set()
    first = last = None
    for start, end in _spans():
        fresh = contributions(Fact.objects.all(), ClockFact.objects.all(), start=start, end=end)
        days = {"day__gte": start.date(), "day__lt": end.date()}
        kept = {(t.scope, t.dim, t.value, t.day): as_cell(t) for t in Tally.objects.filter(**days)}
        wrong |= {k for k in kept.keys() | fresh.keys() if kept.get(k) != fresh.get(k)}
        first, last = first or start.date(), end.date()
    stray = Tally.objects.all()
    if first is not None:
        stray = stray.exclude(day__gte=first, day__lt=last)
    wrong |= {(t.scope, t.dim, t.value, t.day) for t in stray}
    return sorted(wrong)

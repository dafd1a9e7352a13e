"""The summaries kept up to date (ISO 10002 8.4): a job follows the trail past its
watermark and recomputes the facts of each complaint that moved (facts.py). Every change of
a complaint appends an event (the lifecycle's rule), so nothing that moves is missed. The
job is idempotent: a crash before the watermark moves only makes it compute again.

`check()` recomputes every complaint's facts and names those that differ from the kept
ones; `rebuild()` makes them all again."""

from django.db import transaction
from django.db.models import Max

from upheld.complaints.models import Complaint, Event

from . import tallies
from .facts import CLOCK_FIELDS, FIELDS, as_row, compute
from .models import ClockFact, Fact, Watermark
from .tally import contributions

NAME = "facts"
CHUNK = 2000
# Events are numbered when written but seen when committed: one with a lower number may
# commit after a higher one was read. Each run reads again this many numbers below the
# watermark (recomputing a complaint twice is harmless); `check` finds anything missed.
OVERLAP = 1000


def _store(ids: list[int]) -> None:
    """The complaints' facts replaced, and the tallies moved by the difference (the caller
    holds the watermark's lock: tallies.py says why that is enough)."""
    facts, clocks = compute(ids)
    kept = Fact.objects.filter(complaint_id__in=ids)
    kept_clocks = ClockFact.objects.filter(fact_id__in=ids)
    old = contributions(kept, kept_clocks)
    kept.delete()
    kept_clocks.delete()
    Fact.objects.bulk_create(facts, batch_size=1000)
    ClockFact.objects.bulk_create(clocks, batch_size=1000)
    tallies.apply(tallies.difference(contributions(kept, kept_clocks), old))


def run(limit: int = 50_000) -> int:
    """Take in the events past the watermark (at most `limit`); returns how many complaints
    were recomputed."""
    mark, _ = Watermark.objects.get_or_create(name=NAME)
    rows = list(
        Event.objects.filter(pk__gt=mark.event_id)
        .order_by("pk")
        .values_list("pk", "complaint_id")[:limit]
    )
    if not rows and tallies.built():
        return 0
    again = Event.objects.filter(pk__gt=max(0, mark.event_id - OVERLAP), pk__lte=mark.event_id)
    ids = sorted({cid for _, cid in rows} | set(again.values_list("complaint_id", flat=True)))
    with transaction.atomic():
        _locked()
        if not tallies.built():  # a new install, or the organisation's zone changed
            tallies.rebuild()
        for start in range(0, len(ids), CHUNK):
            _store(ids[start : start + CHUNK])
        if rows:
            Watermark.objects.filter(name=NAME).update(event_id=rows[-1][0])
    return len(ids) if rows else 0


def run_all() -> int:
    total = 0
    while n := run():
        total += n
    return total


def _locked() -> None:
    """The watermark's row locked: the job and the rebuilds one at a time."""
    Watermark.objects.get_or_create(name=NAME)
    Watermark.objects.select_for_update().get(name=NAME)


def rebuild(progress=None) -> int:
    """Every complaint's facts made again, by ranges of ids, then the tallies from them;
    the watermark set to the last event."""
    with transaction.atomic():
        _locked()
        last = Event.objects.aggregate(m=Max("pk"))["m"] or 0
        Fact.objects.all().delete()
        ClockFact.objects.all().delete()
        n = 0
        for span in _spans():
            facts, clocks = compute(span=span)
            Fact.objects.bulk_create(facts, batch_size=2000)
            ClockFact.objects.bulk_create(clocks, batch_size=2000)
            n += len(facts)
            if progress:
                progress(len(facts))
        tallies.rebuild()
        Watermark.objects.filter(name=NAME).update(event_id=last)
    return n


def rebuild_tallies(progress=None) -> int:
    """The tallies made again from the kept facts (after the facts were written by other
    means, or the organisation's zone changed); returns how many rows."""
    with transaction.atomic():
        _locked()
        return tallies.rebuild(progress)


def _spans(size: int = 5000):
    """Ranges of complaint ids with at most `size` complaints each."""
    ids = Complaint.objects.order_by("pk").values_list("pk", flat=True)
    low = None
    for i, pk in enumerate(ids.iterator(chunk_size=20_000)):
        if low is None:
            low = pk
        if (i + 1) % size == 0:
            yield (low, pk)
            low = None
    if low is not None:
        yield (low, pk)


def check() -> list[int]:
    """The complaints whose kept facts differ from a recomputation (empty: all equal)."""
    wrong: set[int] = set()
    for span in _spans():
        facts, clocks = compute(span=span)
        kept = {
            f.complaint_id: as_row(f)
            for f in Fact.objects.filter(complaint_id__gte=span[0], complaint_id__lte=span[1])
        }
        fresh = {f.complaint_id: _normal(as_row(f)) for f in facts}
        wrong |= {cid for cid in kept.keys() | fresh.keys() if kept.get(cid) != fresh.get(cid)}
        kept_clocks = _clock_rows(ClockFact.objects.filter(fact__gte=span[0], fact__lte=span[1]))
        fresh_clocks = _clock_rows(clocks)
        wrong |= {
            cid
            for cid in kept_clocks.keys() | fresh_clocks.keys()
            if kept_clocks.get(cid) != fresh_clocks.get(cid)
        }
    return sorted(wrong)


def _normal(row: tuple) -> tuple:
    """A fresh row as the database gives it back (floats and decimals as stored)."""
    return tuple(row)


def _clock_rows(clocks) -> dict[int, list]:
    out: dict[int, list] = {}
    for c in clocks:
        out.setdefault(c.fact_id, []).append(tuple(getattr(c, f) for f in CLOCK_FIELDS))
    return {k: sorted(v) for k, v in out.items()}


__all__ = ["FIELDS", "check", "rebuild", "rebuild_tallies", "run", "run_all"]

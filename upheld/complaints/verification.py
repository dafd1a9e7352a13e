"""Verifying the trail (ISO 10002 4.9, 8.1): `upheld verify-trail` and audits ask whether
each complaint's chain of events (events.py writes it) still holds, whether each side
row of personal data still matches the digest its event carries, and whether the complaint
row says what its events say (replay.py: its state, milestones and recorded facts).
Read-only; a break found in a batch is confirmed under the complaint's lock before it is
reported."""

import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from django.db import transaction

from .events import GENESIS, compute_hash, digest
from .models import Complaint, Event, EventPersonal, TrailKey
from .replay import FIELDS as REPLAYED
from .replay import replay

# The complaint row's columns verification reads: the head, and what replay compares.
COLUMNS = ("pk", "reference", "trail_length", "trail_head", *REPLAYED)


@dataclass(frozen=True)
class Break:
    """The first place a complaint's chain does not hold. `seq` is the position of the
    broken (or missing) event; `event_id` is None when that event is not stored at all."""

    reference: str
    seq: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        stored = f" (id {self.event_id})" if self.event_id is not None else ""
        return f"{self.reference}: event #{self.seq}{stored}: {self.problem}"


class Row(NamedTuple):
    """The stored columns of one event, as verification reads them (no model instances)."""

    id: int
    complaint_id: int
    seq: int
    kind: str
    actor_id: int | None
    actor_label: str
    at: datetime
    data: dict
    public: bool
    prev_hash: str
    hash: str


def _rows(queryset) -> Iterator[Row]:
    return (Row(*values) for values in queryset.values_list(*Row._fields).iterator(2000))


def verify_complaint(
    complaint: Complaint,
    events: Iterable,
    personal: dict[int, dict] | None = None,
    key: bytes | None = None,
) -> Break | None:
    """ISO 10002 4.9 / 8.1: the first break in one complaint's chain, or None when intact.

    `events` are the stored events of the complaint ordered by seq (model instances or
    Rows). Whoever rewrites an event and recomputes its hash only moves the break to the
    next event, or to the head kept on the complaint row.

    With `personal` (event id → its side row's data) and the complaint's `key`, each side
    row is checked against the digest its event holds; an event's side row may only be
    missing when the complaint was anonymised after it."""
    events = list(events)
    erased_up_to = max((e.seq for e in events if e.kind == "anonymised"), default=0)
    prev = GENESIS
    count = 0
    last = None
    for position, event in enumerate(events, start=1):
        count = position
        if event.seq != position:
            return Break(
                complaint.reference,
                position,
                None,
                f"is missing: it was removed (the next stored event is "
                f"#{event.seq}, id {event.id})",
            )
        if event.prev_hash != prev:
            return Break(
                complaint.reference,
                event.seq,
                event.id,
                f"does not follow event #{position - 1}: events were removed, "
                f"inserted or reordered",
            )
        expected = compute_hash(
            reference=complaint.reference,
            seq=event.seq,
            kind=event.kind,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            at=event.at,
            data=event.data,
            public=event.public,
            prev_hash=event.prev_hash,
        )
        if expected != event.hash:
            return Break(
                complaint.reference,
                event.seq,
                event.id,
                "was altered after it was written (its kind, actor, time, data "
                "or visibility no longer match its hash)",
            )
        if personal is not None:
            problem = _personal_problem(event, personal.pop(event.id, None), key, erased_up_to)
            if problem:
                return Break(complaint.reference, event.seq, event.id, problem)
        if position > complaint.trail_length:
            return Break(
                complaint.reference,
                event.seq,
                event.id,
                f"was added behind the trail's back: the complaint recorded "
                f"only {complaint.trail_length} events",
            )
        prev, last = event.hash, event
    if count < complaint.trail_length:
        missing = (
            f"event #{count + 1} was"
            if count + 1 == complaint.trail_length
            else f"events #{count + 1} to #{complaint.trail_length} were"
        )
        return Break(
            complaint.reference,
            count + 1,
            None,
            f"is missing: the newest {missing} removed (the complaint recorded "
            f"{complaint.trail_length} events, {count} are stored)",
        )
    if prev != (complaint.trail_head or GENESIS):
        return Break(
            complaint.reference,
            count,
            last.id if last else None,
            "does not match the head recorded on the complaint: the trail was rewritten",
        )
    stored = {name: getattr(complaint, name) for name in REPLAYED if name in complaint.__dict__}
    differs = replay(stored, events)
    if differs is not None:
        event_id = next(e.id for e in events if e.seq == differs.seq) if differs.seq else None
        return Break(complaint.reference, differs.seq, event_id, str(differs))
    return None


def _personal_problem(event, side: dict | None, key: bytes | None, erased_up_to: int):
    recorded = event.data.get("personal")
    if recorded is None:
        if side is not None:
            return "has personal data kept beside it that the event never recorded"
        return None
    if side is None:
        if event.seq < erased_up_to:
            return None  # erased by anonymise, which the trail records
        return "lost its personal data without the complaint being anonymised"
    if key is None:
        return "keeps personal data but the complaint's key was removed"
    if not hmac.compare_digest(digest(key, side), recorded):
        return (
            "had its personal data (kept beside it) altered after it was written: it no "
            "longer matches the digest the event holds"
        )
    return None


def _personal_of(complaint_ids) -> tuple[dict[int, dict], dict[int, bytes]]:
    """Side rows (event id → data) and keys (complaint id → key) of these complaints."""
    rows = EventPersonal.objects.filter(event__complaint_id__in=complaint_ids)
    keys = TrailKey.objects.filter(complaint_id__in=complaint_ids)
    return (
        dict(rows.values_list("event_id", "data").iterator(2000)),
        {pk: bytes(k) for pk, k in keys.values_list("complaint_id", "key")},
    )


def _recheck(complaint_pk: int) -> tuple[Complaint, Break | None]:
    """Verify one chain again with the complaint locked, so an event appended while the
    batch was being read is not mistaken for tampering."""
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().only(*COLUMNS).get(pk=complaint_pk)
        rows = list(_rows(Event.objects.filter(complaint_id=complaint_pk).order_by("seq")))
        personal, keys = _personal_of([complaint_pk])
    return complaint, verify_complaint(complaint, rows, personal, keys.get(complaint_pk))


def verify_one(reference: str) -> Break | None:
    """The first break in the trail of the complaint with this reference, or None."""
    pk = Complaint.objects.values_list("pk", flat=True).get(reference=reference)
    return _recheck(pk)[1]


def verify_all(batch: int = 500) -> Iterator[tuple[Complaint, Break | None]]:
    """Walk every complaint's chain in pk order, a batch of complaints at a time (one query
    for the complaints, one for their events by pk range), so memory stays flat however
    many complaints there are. A break found is confirmed under the complaint's lock."""
    last_pk = 0
    while True:
        complaints = list(
            Complaint.objects.filter(pk__gt=last_pk).order_by("pk").only(*COLUMNS)[:batch]
        )
        if not complaints:
            return
        rows = _rows(
            Event.objects.filter(
                complaint_id__gte=complaints[0].pk,
                complaint_id__lte=complaints[-1].pk,
            ).order_by("complaint_id", "seq")
        )
        grouped = {pk: list(group) for pk, group in groupby(rows, key=attrgetter("complaint_id"))}
        personal, keys = _personal_of([c.pk for c in complaints])
        for complaint in complaints:
            found = verify_complaint(
                complaint, grouped.pop(complaint.pk, ()), personal, keys.get(complaint.pk)
            )
            if found is not None:
                complaint, found = _recheck(complaint.pk)
            yield complaint, found
        last_pk = complaints[-1].pk

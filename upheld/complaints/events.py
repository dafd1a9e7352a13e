"""The trail (ISO 10002 4.9, 8.1): append-only, each event hash-chained to the one before.

An event's hash covers the complaint's reference, its position, kind, actor, time, data,
visibility and the previous hash. Changing, removing or reordering any stored event breaks
the chain; the complaint row keeps the head (length + last hash), so losing the newest event
is found too.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .actors import Actor
from .models import Complaint, Event

GENESIS = "0" * 64


def _normalise(data: dict) -> dict:
    """What the database will give back: JSON types only (Decimal, dates → strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def compute_hash(*, reference: str, seq: int, kind: str, actor_id: int | None,
                 actor_label: str, at: datetime, data: dict, public: bool,
                 prev_hash: str) -> str:
    payload = {
        "reference": reference,
        "seq": seq,
        "kind": kind,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "data": data,
        "public": bool(public),
        "prev": prev_hash,
    }
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def append(complaint: Complaint, kind: str, actor: Actor, data: dict | None = None, *,
           public: bool = False, at: datetime | None = None) -> Event:
    """Append one event. The caller holds the complaint row lock (lifecycle._locked)."""
    data = _normalise(data or {})
    at = at or timezone.now()
    seq = complaint.trail_length + 1
    prev = complaint.trail_head or GENESIS
    actor_id = actor.user.pk if actor.user is not None else None
    label = actor.display()
    digest = compute_hash(reference=complaint.reference, seq=seq, kind=kind, actor_id=actor_id,
                          actor_label=label, at=at, data=data, public=public, prev_hash=prev)
    event = Event.objects.create(complaint=complaint, seq=seq, kind=kind, actor_id=actor_id,
                                 actor_label=label, at=at, data=data, public=public,
                                 prev_hash=prev, hash=digest)
    complaint.trail_length = seq
    complaint.trail_head = digest
    Complaint.objects.filter(pk=complaint.pk).update(trail_length=seq, trail_head=digest)
    return event


@dataclass(frozen=True)
class Break:
    reference: str
    seq: int | None
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event #{self.seq} (id {self.event_id})" if self.seq else "end of trail"
        return f"{self.reference}: {where}: {self.problem}"


def verify_complaint(complaint: Complaint, events: list[Event]) -> Break | None:
    """The first break in one complaint's chain, or None when it is intact."""
    prev = GENESIS
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            missing = "an event is missing or out of order"
            return Break(complaint.reference, event.seq, event.pk,
                         f"expected event #{position} here, found #{event.seq}: {missing}")
        if event.prev_hash != prev:
            return Break(complaint.reference, event.seq, event.pk,
                         "does not follow the event before it (removed or reordered)")
        expected = compute_hash(
            reference=complaint.reference, seq=event.seq, kind=event.kind,
            actor_id=event.actor_id, actor_label=event.actor_label, at=event.at,
            data=event.data, public=event.public, prev_hash=event.prev_hash,
        )
        if expected != event.hash:
            return Break(complaint.reference, event.seq, event.pk,
                         "content was altered after it was written")
        prev = event.hash
    if len(events) != complaint.trail_length or prev != (complaint.trail_head or GENESIS):
        return Break(complaint.reference, None, None,
                     f"trail holds {len(events)} events, the complaint recorded "
                     f"{complaint.trail_length}: the newest events were removed")
    return None


def verify_all(batch: int = 500) -> Iterator[tuple[Complaint, Break | None]]:
    """Walk every complaint's chain, a batch of complaints at a time (flat memory)."""
    last_pk = 0
    while True:
        complaints = list(
            Complaint.objects.filter(pk__gt=last_pk).order_by("pk")
            .only("pk", "reference", "trail_length", "trail_head")[:batch]
        )
        if not complaints:
            return
        by_id: dict[int, list[Event]] = {c.pk: [] for c in complaints}
        for event in Event.objects.filter(complaint_id__in=by_id).order_by("complaint_id", "seq"):
            by_id[event.complaint_id].append(event)
        for complaint in complaints:
            yield complaint, verify_complaint(complaint, by_id[complaint.pk])
        last_pk = complaints[-1].pk

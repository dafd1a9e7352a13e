"""The trail (ISO 10002 4.9, 8.1): append-only, each event hash-chained to the one before.

An event's hash covers the complaint's reference, its position, kind, actor, time, data,
visibility and the previous hash. Changing, removing or reordering any stored event breaks
the chain; the complaint row keeps the head (length + last hash), so losing the newest event
is found too.

Personal data stays out of the chain (ISO 10002 4.7; erasure, GDPR art. 17): the fields
models.PERSONAL names for each kind are moved to a side row (EventPersonal) and the hashed
data holds `"personal": HMAC-SHA256(key, their canonical JSON)` with a random key per
complaint (TrailKey). verify-trail checks each side row against its digest while the key
exists; erasing a complaint (lifecycle.anonymise) deletes the side rows and the key, and the
chain still verifies. The digest is keyed so that, once the key is gone, nobody can confirm a
guess of what was erased (a name, an e-mail address) against the chain.

A move that changes the complaint's state records it in the event's hashed data as
`from`/`to` (the status when the move locked the complaint, and after).

What the chain cannot show on its own: someone with write access to the database who
rewrites an event, recomputes every hash after it AND the head on the complaint row.
Copies of the heads kept outside the database (an audit sample, a report) close that gap.
"""

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from upheld.core import rows

from .actors import Actor
from .models import PERSONAL, Complaint, Event, EventPersonal, TrailKey

GENESIS = "0" * 64


def _normalise(data: dict) -> dict:
    """What the database will give back: JSON types only (Decimal, dates → strings)."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# The canonical form hashed: json.dumps(payload, sort_keys=True, separators=(",", ":"),
# ensure_ascii=False). It is written out below field by field (keys in sorted order) so the
# data is encoded once and callers that already hold it encoded (bulk import) reuse it; the
# bytes are the same as json.dumps would give.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_STRING = json.encoder.encode_basestring  # what ensure_ascii=False uses for a str


def canonical_json(data) -> str:
    """`data` as hashed: sorted keys, no spaces, non-ASCII kept."""
    return _CANONICAL.encode(data)


def canonical_json_plain(data) -> str:
    """canonical_json for data made only of dicts with text keys, lists, text, integers,
    booleans and None (no floats: orjson writes 1e16 where json writes 1e+16), which is what
    an import records: the same text, several times faster (a property test pins it)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, a key that is not text…
        return _CANONICAL.encode(data)


def _scalar(value) -> str:
    if isinstance(value, str):
        return _STRING(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    return _CANONICAL.encode(value)


def hash_canonical(
    *,
    reference: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    at: str,
    data_json: str,
    public: bool,
    prev_hash: str,
) -> str:
    """compute_hash with the time already in its hashed form (UTC ISO, microseconds) and the
    data already encoded by canonical_json."""
    blob = (
        f'{{"actor_id":{_scalar(actor_id)},"actor_label":{_scalar(actor_label)},'
        f'"at":{_scalar(at)},"data":{data_json},"kind":{_scalar(kind)},'
        f'"prev":{_scalar(prev_hash)},"public":{"true" if public else "false"},'
        f'"reference":{_scalar(reference)},"seq":{_scalar(seq)}}}'
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def hashed_time(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def compute_hash(
    *,
    reference: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    actor_label: str,
    at: datetime,
    data: dict,
    public: bool,
    prev_hash: str,
) -> str:
    return hash_canonical(
        reference=reference,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        actor_label=actor_label,
        at=hashed_time(at),
        data_json=canonical_json(data),
        public=public,
        prev_hash=prev_hash,
    )


_EMPTY: tuple = (None, "", [], {})


def _pull(node, parts: list[str]):
    """Remove the value at `parts` from `node` (in place) and return it in its place in an
    otherwise empty copy of the structure, or None when there is nothing (or nothing but an
    empty value, which is not personal) there."""
    key, rest = parts[0], parts[1:]
    if key == "*":
        if not isinstance(node, list):
            return None
        pulled = [_pull(item, rest) for item in node]
        return pulled if any(p is not None for p in pulled) else None
    if not isinstance(node, dict) or key not in node:
        return None
    if not rest:
        return None if node[key] in _EMPTY else {key: node.pop(key)}
    inner = _pull(node[key], rest)
    return None if inner is None else {key: inner}


def _merge(base, extra):
    """Put back what _pull took out: dicts key by key, lists item by item."""
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return [b if e is None else _merge(b, e) for b, e in zip(base, extra, strict=False)]
    return base if extra is None else extra


_PATHS = {kind: [path.split(".") for path in paths] for kind, paths in PERSONAL.items()}


def take_personal(kind: str, data: dict) -> dict:
    """Move the personal fields of `data` (PERSONAL[kind]) out of it, in place, and return
    them. An unknown kind is an error: each kind says which of its fields are personal."""
    personal: dict = {}
    for parts in _PATHS[kind]:
        found = _pull(data, parts)
        if found is not None:
            personal = _merge(personal, found)
    return personal


def split(kind: str, data: dict) -> tuple[dict, dict]:
    """(what is hashed, what is personal) of an event's data, normalised."""
    hashed = _normalise(data)
    return hashed, take_personal(kind, hashed)


def digest_json(key: bytes, encoded: str) -> str:
    """digest() of personal data already encoded as canonical JSON (the batch path)."""
    return hmac.digest(key, encoded.encode(), "sha256").hex()


def digest(key: bytes, personal: dict) -> str:
    """The keyed digest of an event's personal data that its hashed data carries."""
    return digest_json(key, canonical_json(personal))


def new_key() -> bytes:
    return secrets.token_bytes(32)


def new_keys(n: int) -> Iterator[bytes]:
    """n keys from one read of the system's random source (the batch path)."""
    pool = secrets.token_bytes(32 * n)
    return (pool[i : i + 32] for i in range(0, 32 * n, 32))


def key_for(complaint: Complaint) -> bytes:
    """The complaint's key, made with its first personal data. The caller holds the lock."""
    key = complaint.__dict__.get("_trail_key")
    if key is None:
        stored = None
        if complaint.trail_length:  # a complaint without events has no key yet
            stored = (
                TrailKey.objects.filter(complaint_id=complaint.pk)
                .values_list("key", flat=True)
                .first()
            )
        if stored is None:
            key = new_key()
            if complaint.pk is None:  # saved with the complaint, by append
                complaint.__dict__["_trail_key_unsaved"] = True
            else:
                TrailKey.objects.create(complaint_id=complaint.pk, key=key)
        else:
            key = bytes(stored)
        setattr(complaint, "_trail_key", key)  # noqa: B010 — a per-instance memo
    return key


def data_of(event) -> dict:
    """The event's data as readers see it (API, admin, webhooks): the hashed data with its
    personal fields put back, or `"personal": "erased"` once the complaint was anonymised."""
    data = dict(event.data)
    if data.pop("personal", None) is None:
        return data
    personal = event.__dict__.get("_personal")
    if personal is None:
        try:  # read with the event by select_related("personal"), or now
            personal = event.personal.data
        except EventPersonal.DoesNotExist:
            return {**data, "personal": "erased"}
    return _merge(data, personal)


def append(
    complaint: Complaint,
    kind: str,
    actor: Actor,
    data: dict | None = None,
    *,
    public: bool = False,
    at: datetime | None = None,
) -> Event:
    """Append one event. The caller holds the complaint row lock (lifecycle._locked), or
    gives a complaint not saved yet (lifecycle.receive): its first event, with which it is
    written (one INSERT carrying the trail head).

    `data` is given whole: its personal fields (models.PERSONAL[kind]) go to the event's side
    row and their keyed digest into the hashed data. When the complaint's status is not the
    one it had when the move locked it (`_status_before`, set by the lock), the event
    records both, `from` and `to`."""
    hashed, personal = split(kind, data or {})
    # A complaint's first event is its creation: from no state to its first.
    before = complaint.__dict__.get(
        "_status_before", complaint.status if complaint.trail_length else None
    )
    if before != complaint.status:
        hashed["from"], hashed["to"] = before, complaint.status
        setattr(complaint, "_status_before", complaint.status)  # noqa: B010
    if personal:
        hashed["personal"] = digest(key_for(complaint), personal)
    at = at or timezone.now()
    seq = complaint.trail_length + 1
    prev = complaint.trail_head or GENESIS
    actor_id = actor.user.pk if actor.user is not None else None
    label = actor.display()
    chained = compute_hash(
        reference=complaint.reference,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        actor_label=label,
        at=at,
        data=hashed,
        public=public,
        prev_hash=prev,
    )
    event = Event(
        complaint=complaint,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        actor_label=label,
        at=at,
        data=hashed,
        public=public,
        prev_hash=prev,
        hash=chained,
    )
    # data_of() reads it (webhooks, on post_save)
    setattr(event, "_personal", personal or None)  # noqa: B010
    complaint.trail_length = seq
    complaint.trail_head = chained
    if complaint.pk is None:
        # Its first event: the complaint is written with its trail head, not updated after.
        rows.insert(complaint)
        if complaint.__dict__.pop("_trail_key_unsaved", False):
            rows.insert(TrailKey(complaint_id=complaint.pk, key=complaint.__dict__["_trail_key"]))
        event.complaint = complaint
    else:
        Complaint.objects.filter(pk=complaint.pk).update(trail_length=seq, trail_head=chained)
    rows.insert(event)
    if personal:
        rows.insert(EventPersonal(event=event, data=personal))
    return event


def forget(complaint: Complaint) -> int:
    """Erase the personal data of the complaint's trail: its side rows and its key (the
    digests left in the chain can no longer be checked against anything). The caller holds
    the lock (lifecycle.anonymise). Returns how many side rows were erased."""
    erased, _ = EventPersonal.objects.filter(event__complaint_id=complaint.pk).delete()
    TrailKey.objects.filter(complaint_id=complaint.pk).delete()
    complaint.__dict__.pop("_trail_key", None)
    return erased

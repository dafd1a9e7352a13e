"""ISO 10002 4.9: the trail's hash is taken over one canonical serialisation, which must
never change — or every event already stored would stop verifying."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from upheld.complaints.events import canonical_json, canonical_json_plain, compute_hash


def as_first_written(*, reference, seq, kind, actor_id, actor_label, at, data, public, prev_hash):
    """The serialisation the trail was first hashed with (json.dumps of the payload)."""
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


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=20, deadline=None)
@given(
    reference=st.text(),
    seq=st.integers(1, 10**6),
    kind=st.text(),
    actor_id=st.none() | st.integers(1, 10**9),
    label=st.text(),
    data=st.dictionaries(st.text(), JSON, max_size=5),
    public=st.booleans(),
)
def test_every_event_hashes_as_it_was_first_hashed(
    reference, seq, kind, actor_id, label, data, public
):
    at = datetime(2026, 3, 1, 9, 30, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    args = dict(
        reference=reference,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        actor_label=label,
        at=at,
        data=data,
        public=public,
        prev_hash="0" * 64,
    )
    assert compute_hash(**args) == as_first_written(**args)


def test_non_ascii_quotes_and_control_characters_hash_as_first_hashed():
    args = dict(
        reference="UPH-2026-000001",
        seq=3,
        kind="decided",
        actor_id=None,
        actor_label='Zoë "ops"\n',
        at=datetime(2026, 1, 1, tzinfo=UTC),
        data={
            "b": "› ñ \u2028 \x00",
            "a": [1, 2.5, None, True],
            "z": {"y": "x"},
            "amount": str(Decimal("12.50")),
        },
        public=True,
        prev_hash="f" * 64,
    )
    assert compute_hash(**args) == as_first_written(**args)


PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.text(), PLAIN, max_size=6))
def test_an_import_writes_the_same_canonical_json_as_every_other_event(data):
    """Imports encode their events with orjson (canonical_json_plain): for what they hold
    (text of any character, integers of any size, booleans, null, lists, objects) the text
    must be the one json.dumps gives, or their hashes would not verify."""
    assert canonical_json_plain(data) == canonical_json(data)


def test_the_characters_json_escapes_are_escaped_alike():
    every = "".join(chr(i) for i in range(0x800)) + "\u2028\u2029\ufeff\U0001f600\x7f"
    data = {every: [every, 2**70, -(2**63), 2**64 - 1, True, None], "\U0001f600": 1, "\uffff": 2}
    assert canonical_json_plain(data) == canonical_json(data)

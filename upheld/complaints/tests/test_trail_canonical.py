"""ISO 10002 4.9: the trail's hash is taken over one canonical serialisation, which must
never change — or every event already stored would stop verifying."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from upheld.complaints.events import compute_hash


def as_first_written(*, reference, seq, kind, actor_id, actor_label, at, data, public,
                     prev_hash):
    """The serialisation the trail was first hashed with (json.dumps of the payload)."""
    payload = {"reference": reference, "seq": seq, "kind": kind, "actor_id": actor_id,
               "actor_label": actor_label,
               "at": at.astimezone(UTC).isoformat(timespec="microseconds"), "data": data,
               "public": bool(public), "prev": prev_hash}
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12)


@settings(max_examples=20, deadline=None)
@given(reference=st.text(), seq=st.integers(1, 10**6), kind=st.text(),
       actor_id=st.none() | st.integers(1, 10**9), label=st.text(),
       data=st.dictionaries(st.text(), JSON, max_size=5), public=st.booleans())
def test_every_event_hashes_as_it_was_first_hashed(reference, seq, kind, actor_id, label, data,
                                                   public):
    at = datetime(2026, 3, 1, 9, 30, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    args = dict(reference=reference, seq=seq, kind=kind, actor_id=actor_id, actor_label=label,
                at=at, data=data, public=public, prev_hash="0" * 64)
    assert compute_hash(**args) == as_first_written(**args)


def test_non_ascii_quotes_and_control_characters_hash_as_first_hashed():
    args = dict(reference="UPH-2026-000001", seq=3, kind="decided", actor_id=None,
                actor_label="Zoë \"ops\"\n", at=datetime(2026, 1, 1, tzinfo=UTC),
                data={"b": "› ñ \u2028 \x00", "a": [1, 2.5, None, True], "z": {"y": "x"},
                      "amount": str(Decimal("12.50"))}, public=True, prev_hash="f" * 64)
    assert compute_hash(**args) == as_first_written(**args)

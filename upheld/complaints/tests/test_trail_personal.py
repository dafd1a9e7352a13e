"""ISO 10002 4.7 / 4.9 / 8.1: personal data is kept beside the hash-chained trail, not in it.
The chain holds a keyed digest of it, so altering it is found while the complaint's key
exists, and erasing it (with the key) leaves a chain that still verifies."""

import json
from itertools import pairwise

import pytest
from django.db import connection, transaction

from upheld.complaints import events, lifecycle, verification
from upheld.complaints.models import PERSONAL, Event, EventKind, EventPersonal, Status, TrailKey
from upheld.complaints.tests.helpers import REASONS, RECEIPT, REMEDIES, trail
from upheld.complaints.tests.test_trail import verify
from upheld.portal.labels import UPDATES

S = Status


def _at(node, parts):
    """The values at a PERSONAL path (a.b, a.*.b) in some data."""
    if not parts:
        return [node]
    key, rest = parts[0], parts[1:]
    if key == "*":
        return [v for item in (node if isinstance(node, list) else []) for v in _at(item, rest)]
    return _at(node[key], rest) if isinstance(node, dict) and key in node else []


def test_every_event_kind_says_which_of_its_fields_are_personal():
    assert set(PERSONAL) == set(EventKind.values)
    assert set(UPDATES) <= set(EventKind.values)  # the portal speaks the trail's vocabulary


def test_the_chain_holds_no_personal_text_and_readers_see_it_all(complaint_in, handler):
    c = complaint_in(S.CLOSED)
    lifecycle.add_correspondence(
        c, by=handler, direction="out", body="Thanks", subject="Ada's refund"
    )
    stored = trail(c)
    chained = json.dumps([e.data for e in stored])
    for text in (RECEIPT["product"], REASONS, REMEDIES[0]["description"], "Ada's refund"):
        assert text not in chained
    for event in stored:
        for path in PERSONAL[event.kind]:
            assert all(v in events._EMPTY for v in _at(event.data, path.split(".")))
    seen = {e.kind: events.data_of(e) for e in stored}
    assert seen["received"]["product"] == RECEIPT["product"]
    assert seen["decided"]["reasons"] == REASONS
    assert seen["decided"]["remedies"][1] == {
        "kind": "refund",
        "description": "The second charge",
        "amount": "25.00",
        "currency": "GBP",
    }
    assert seen["correspondence_out"]["subject"] == "Ada's refund"
    # One key for the complaint; a side row only for the events with personal text.
    assert TrailKey.objects.filter(complaint=c).count() == 1
    with_text = {e.pk for e in stored if "personal" in e.data}
    assert set(
        EventPersonal.objects.filter(event__complaint=c).values_list("event", flat=True)
    ) == (with_text)
    assert all(found is None for _, found in verification.verify_all())


def test_each_change_of_state_is_recorded_with_the_state_before_and_after(complaint_in):
    c = complaint_in(S.CLOSED)
    changes = [(e.data["from"], e.data["to"]) for e in trail(c) if "to" in e.data]
    assert changes[0] == (None, "received")
    assert all(before[1] == after[0] for before, after in pairwise(changes))
    assert changes[-1] == ("accepted", "closed")
    # Moves that leave the state as it was say nothing of it.
    classified = Event.objects.get(complaint=c, kind="classified")
    assert "from" not in classified.data and "to" not in classified.data


def _alter(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_altering_an_events_personal_data_is_found(complaint_in):
    c = complaint_in(S.DECIDED)
    decided = Event.objects.get(complaint=c, kind="decided")
    row = EventPersonal.objects.get(event=decided)
    changed = {**row.data, "reasons": "We were right all along."}
    _alter(
        "UPDATE complaints_eventpersonal SET data = %s WHERE event_id = %s",
        json.dumps(changed),
        decided.pk,
    )
    message = verify()
    assert f"{c.reference}: event #{decided.seq} (id {decided.pk}): had its personal data" in (
        message
    )


def test_personal_data_removed_behind_the_trails_back_is_found(complaint_in):
    c = complaint_in(S.AWAITING_COMPLAINANT)
    asked = Event.objects.get(complaint=c, kind="awaiting_complainant")
    _alter("DELETE FROM complaints_eventpersonal WHERE event_id = %s", asked.pk)
    assert "lost its personal data without the complaint being anonymised" in verify()


def test_a_kind_outside_the_vocabulary_is_refused(complaint_in, handler):
    c = complaint_in(S.RECEIVED)
    with pytest.raises(KeyError):
        events.split("renamed", {"note": "x"})
    assert c.trail_length == 1

"""Migration 0013 takes the personal data out of trails written before it: the old chain is
verified first, the hashes computed again, the old head kept in the new chain (ISO 10002
4.7, 4.9, 8.1). A trail whose old chain does not verify is left as it was."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from upheld.complaints import events, verification
from upheld.complaints.models import Complaint, Event, EventPersonal, Status, TrailKey
from upheld.complaints.tests.test_trail import sql

migration = importlib.import_module(
    "upheld.complaints.migrations.0013_personal_data_out_of_the_chain"
)


def as_before(c: Complaint) -> None:
    """Write the complaint's trail as the code before 0011 did: personal data in the
    hashed data, no side rows, no key."""
    prev = events.GENESIS
    for e in Event.objects.filter(complaint=c).order_by("seq"):
        data = events.data_of(e)
        data.pop("from", None), data.pop("to", None)
        h = events.compute_hash(
            reference=c.reference,
            seq=e.seq,
            kind=e.kind,
            actor_id=e.actor_id,
            actor_label=e.actor_label,
            at=e.at,
            data=data,
            public=e.public,
            prev_hash=prev,
        )
        sql("DELETE FROM complaints_eventpersonal WHERE event_id = %s", e.pk)
        sql(
            "UPDATE complaints_event SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
            events.canonical_json(data),
            prev,
            h,
            e.pk,
        )
        prev = h
    TrailKey.objects.filter(complaint=c).delete()
    Complaint.objects.filter(pk=c.pk).update(trail_head=prev)


def migrate() -> None:
    """The migration's function, as `migrate` runs it (it needs only the connection)."""
    migration.forwards(apps, SimpleNamespace(connection=connection))


def test_old_trails_lose_their_personal_data_and_keep_their_old_head(cast, capsys):
    old, tampered = cast.bring_to(Status.CLOSED), cast.bring_to(Status.DECIDED)
    seen = [events.data_of(e) for e in old.events.order_by("seq")]
    for c in (old, tampered):
        as_before(c)
    assert not EventPersonal.objects.exists() and not TrailKey.objects.exists()
    assert all(found is None for _, found in verification.verify_all())
    old.refresh_from_db()
    head, length = old.trail_head, old.trail_length
    decided = Event.objects.get(complaint=tampered, kind="decided")
    sql("UPDATE complaints_event SET actor_label = 'Someone else' WHERE id = %s", decided.pk)

    migrate()

    old.refresh_from_db()
    stored = list(old.events.order_by("seq"))
    assert [events.data_of(e) for e in stored[:length]] == [
        {k: v for k, v in d.items() if k not in ("from", "to")} for d in seen
    ]
    assert "charged twice by our payment provider" not in str([e.data for e in stored])
    rehashed = stored[-1]
    assert (rehashed.kind, rehashed.seq, rehashed.public) == ("trail_rehashed", length + 1, False)
    assert rehashed.data["old_head"] == head and rehashed.data["old_length"] == length
    assert old.trail_length == length + 1
    found = dict((c.reference, f) for c, f in verification.verify_all())
    assert found[old.reference] is None
    # The broken old chain was not laundered: it is left, and still reported.
    assert "was altered" in str(found[tampered.reference])
    assert not TrailKey.objects.filter(complaint=tampered).exists()
    assert "LEFT AS IT WAS" in capsys.readouterr().out

    migrate()  # again: nothing left to do
    assert Complaint.objects.get(pk=old.pk).trail_length == length + 1

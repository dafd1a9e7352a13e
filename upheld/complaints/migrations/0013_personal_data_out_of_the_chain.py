"""Existing trails: personal data out of the hashed event data (ISO 10002 4.7, 4.9, 8.1).

For each complaint whose events still hold personal fields (models.PERSONAL), in pk order:

1. its old chain is verified exactly as `upheld verify-trail` did before this change. A
   complaint whose chain does not verify is LEFT AS IT IS and named in the output: re-hashing
   it would launder whatever broke it; verify-trail keeps reporting it;
2. a random key is made (TrailKey); each event's personal fields move to a side row
   (EventPersonal) and its data gets their HMAC-SHA256 digest instead (events.py);
3. the hashes are computed again from the first changed event on, and the complaint's head;
4. an event `trail_rehashed` is appended to its trail, hashed with the rest, holding the
   old head and length, the first position hashed again and this migration's name.

Why re-hashing is legitimate: the chain proves that nothing was changed behind the
application's back since each event was written. Step 1 establishes that for the old chain
at the moment of migration; the new chain then holds exactly the same events with only the
personal fields moved beside them (each still tied to its event by the keyed digest), and
step 4 records the old head inside the new chain, where verify-trail covers it. Anyone who
kept a copy of the old head outside the database (the way to close the rewrite gap, see
events.py) finds it in that event and can check the old chain against it from a backup.

Events written before this migration do not gain `from`/`to`: history is not invented.
Complaints already in the new form (created after migration 0011) are not touched, so the
migration can run again. On PostgreSQL the append-only trigger (0003) is set aside for the
update, in this migration's transaction only.
"""

import copy

from django.db import migrations
from django.utils import timezone

from upheld.complaints import events, verification
from upheld.complaints.models import PERSONAL

BATCH = 200
TRIGGER = "complaints_event_append_only"
NAME = "complaints.0013_personal_data_out_of_the_chain"
LABEL = "Upheld (migration)"


def _trigger(schema_editor, on: bool) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            # ALTER TABLE refuses while foreign-key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"ALTER TABLE complaints_event {'ENABLE' if on else 'DISABLE'} TRIGGER {TRIGGER}"
            )


def forwards(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")  # noqa: N806
    Event = apps.get_model("complaints", "Event")  # noqa: N806
    EventPersonal = apps.get_model("complaints", "EventPersonal")  # noqa: N806
    TrailKey = apps.get_model("complaints", "TrailKey")  # noqa: N806
    _trigger(schema_editor, on=False)
    left, moved, last_pk = [], 0, 0
    while True:
        batch = list(
            Complaint.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "reference", "trail_length", "trail_head")[:BATCH]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        for complaint in batch:
            rows = list(
                Event.objects.filter(complaint_id=complaint.pk)
                .order_by("seq")
                .values_list(*verification.Row._fields)
            )
            rows = [verification.Row(*r) for r in rows]
            split = [_split(r) for r in rows]
            if not any(personal for _, personal in split):
                continue
            found = verification.verify_complaint(complaint, rows)
            if found is not None:
                left.append(str(found))
                continue
            _rehash(complaint, rows, split, Event, EventPersonal, TrailKey, Complaint)
            moved += 1
    _trigger(schema_editor, on=True)
    if moved or left:
        print(f"\n  Trail: personal data moved out of the chain of {moved} complaints.")
    for problem in left:
        print(f"  LEFT AS IT WAS (its old chain does not verify): {problem}")


def _split(row) -> tuple[dict, dict]:
    data = copy.deepcopy(row.data)  # the row's own data is verified as it was stored
    if "personal" in data or row.kind not in PERSONAL:
        return data, {}
    return data, events.take_personal(row.kind, data)


def _rehash(complaint, rows, split, Event, EventPersonal, TrailKey, Complaint):  # noqa: N803
    key = events.new_key()
    TrailKey.objects.create(complaint_id=complaint.pk, key=key)
    first = next(i for i, (_, personal) in enumerate(split) if personal)
    prev = rows[first - 1].hash if first else events.GENESIS
    for row, (data, personal) in zip(rows[first:], split[first:], strict=True):
        if personal:
            data["personal"] = events.digest(key, personal)
            EventPersonal.objects.create(event_id=row.id, data=personal)
        chained = _hash(
            complaint,
            row.seq,
            row.kind,
            row.actor_id,
            row.actor_label,
            row.at,
            data,
            row.public,
            prev,
        )
        Event.objects.filter(pk=row.id).update(data=data, prev_hash=prev, hash=chained)
        prev = chained
    seq, at = len(rows) + 1, timezone.now()
    note = {
        "migration": NAME,
        "old_head": complaint.trail_head,
        "old_length": complaint.trail_length,
        "first_rehashed": rows[first].seq,
    }
    chained = _hash(complaint, seq, "trail_rehashed", None, LABEL, at, note, False, prev)
    Event.objects.create(
        complaint_id=complaint.pk,
        seq=seq,
        kind="trail_rehashed",
        actor_id=None,
        actor_label=LABEL,
        at=at,
        data=note,
        public=False,
        prev_hash=prev,
        hash=chained,
    )
    Complaint.objects.filter(pk=complaint.pk).update(trail_length=seq, trail_head=chained)


def _hash(complaint, seq, kind, actor_id, label, at, data, public, prev) -> str:
    return events.compute_hash(
        reference=complaint.reference,
        seq=seq,
        kind=kind,
        actor_id=actor_id,
        actor_label=label,
        at=at,
        data=data,
        public=public,
        prev_hash=prev,
    )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0012_personal_rows_by_event")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

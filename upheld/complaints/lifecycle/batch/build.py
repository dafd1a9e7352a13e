"""The rows of a batch of imported complaints (ISO 10002 7.2, 4.9), for receive.py.

`plan` asks the database what a batch needs (rows already imported, categories, ids and
references, a few statements per batch); `build` turns the checked rows into tuples for
sql.py (no model instances) and hashes each complaint's trail exactly as events.append
does (events.hash_canonical over the same canonical JSON, encoded by orjson:
events.canonical_json_plain), so verify_all holds. `build` uses
no database: on PostgreSQL it runs while the previous batch is being written.
"""

from dataclasses import dataclass, field
from datetime import datetime

from upheld.deadlines.models import Clock

from ...events import (
    GENESIS,
    canonical_json_plain,
    digest_json,
    hash_canonical,
    hashed_time,
    new_keys,
    take_personal,
)
from ...intake_rules import PERSON_FIELDS
from ...models import (
    Complaint,
    Decision,
    Event,
    EventPersonal,
    Person,
    Remedy,
    RemedyState,
    Status,
    TrailKey,
)
from ...references import allocate_numbers, format_reference
from .. import timing
from . import sql as batch_sql
from .lookup import already_imported, resolve_categories

PERSON = (Person, ("id", *PERSON_FIELDS))
COMPLAINT = (
    Complaint,
    (
        "id",
        "reference",
        "secret_hash",
        "external_reference",
        "channel",
        "received_at",
        "received_by_id",
        "complainant_id",
        "representative_id",
        "representative_authority",
        "product",
        "description",
        "occurred_on",
        "remedy_sought",
        "immediate_action",
        "people_involved",
        "category_id",
        "status",
        "response_due_at",
        "regime",
        "next_due_at",
        "decided_at",
        "decision_communicated_at",
        "closed_at",
        "closure_reason",
        "trail_length",
        "trail_head",
    ),
)
DECISION = (
    Decision,
    (
        "id",
        "complaint_id",
        "level",
        "outcome",
        "reasons",
        "decided_by_id",
        "decided_at",
        "communicated_at",
        "communicated_by",
    ),
)
REMEDY = (
    Remedy,
    (
        "id",
        "decision_id",
        "kind",
        "description",
        "amount",
        "currency",
        "state",
        "state_note",
        "state_changed_at",
    ),
)
EVENT = (
    Event,
    (
        "id",
        "complaint_id",
        "seq",
        "kind",
        "actor_id",
        "actor_label",
        "at",
        "data",
        "public",
        "prev_hash",
        "hash",
    ),
)

# The personal part of an event's data beside it, and the complaint's key (events.py).
EVENT_PERSONAL = (EventPersonal, ("event_id", "data"))
TRAIL_KEY = (TrailKey, ("complaint_id", "key"))
CLOCK = (Clock, ("complaint_id", *timing.CLOCK_COLUMNS))


@dataclass
class Plan:
    rows: list  # (IncomingRow, ReceiptValues) to write
    categories: dict
    numbers: dict = field(default_factory=dict)  # year → iterator of reference numbers
    ids: dict = field(default_factory=dict)  # model → iterator of ids


def plan(good: list, session, result, inflight: set[str]) -> Plan:
    """Skip rows already imported (in the database, or in `inflight`: the batch written but
    not yet committed), resolve categories, reserve references and ids."""
    known = already_imported(
        session.source, [v.record_fields["external_reference"] for _, v in good]
    )
    known |= inflight
    fresh = []
    for row, values in good:
        ref = values.record_fields["external_reference"]
        if ref and ref in known:
            result.skipped.append((row.line, ref))
            continue
        known.add(ref)
        fresh.append((row, values))
    categories = resolve_categories(session, [row.category_path for row, _ in fresh])
    rows = []
    for row, values in fresh:
        if row.category_path and not categories[row.category_path][1]:
            result.rejected.append(
                (
                    row.line,
                    "category: "
                    + " › ".join(row.category_path)
                    + " is no longer in use (ISO 10002 8.2).",
                )
            )
        else:
            rows.append((row, values))
    out = Plan(rows=rows, categories=categories)
    if not rows:
        return out
    years: dict[int, int] = {}
    for _, values in rows:
        years[values.received_at.year] = years.get(values.received_at.year, 0) + 1
    out.numbers = {year: iter(allocate_numbers(year, n)) for year, n in sorted(years.items())}
    resolved = [row for row, _ in rows if row.resolution is not None]
    people = len(rows) + sum(1 for _, v in rows if v.representative is not None)
    out.ids = batch_sql.reserve_ids(
        {
            Person: people,
            Complaint: len(rows),
            Event: len(rows),
            Decision: len(resolved),
            Remedy: sum(len(r.resolution.remedies) for r in resolved),
        }
    )
    if resolved:
        session.service_user_id  # noqa: B018 (looked up now: build() uses no database)
    return out


def build(p: Plan, session, now: datetime, result, planner: "timing.Planner | None" = None) -> list:
    """The tables of the batch as (batch_sql.Table, tuples), parents first. No database:
    what it reads (the clocks' profiles and calendars) the `planner` has read already, so a
    pipeline may build while the batch before is being written on the same connection."""
    org, actor = session.org, session.actor
    people: list = []
    complaints: list = []
    decisions: list = []
    remedies: list = []
    events: list = []
    side_rows: list = []
    keys: list = []
    clocks: list = []
    timed = planner or timing.Planner(now)
    actor_id = actor.user.pk if actor.user is not None else None
    received_by = actor_id
    label = actor.display()
    now_hashed = hashed_time(now)
    # Received dates repeat: each is formatted once, as the data shows it and as it is hashed.
    formatted: dict[datetime, tuple[str, str]] = {}
    ids = p.ids
    person_ids, complaint_ids, event_ids = ids[Person], ids[Complaint], ids[Event]
    fresh_keys = new_keys(len(p.rows))
    source = session.source
    for row, values in p.rows:
        person_id = next(person_ids)
        people.append(_person(person_id, values.complainant))
        rep_id = None
        if values.representative is not None:
            rep_id = next(person_ids)
            people.append(_person(rep_id, values.representative))
        record = values.record_fields
        when = values.received_at
        year = when.year
        reference = format_reference(org.reference_prefix, year, next(p.numbers[year]))
        complaint_id = next(complaint_ids)
        category_id = p.categories[row.category_path][0] if row.category_path else None
        received, at_hashed = formatted.get(when) or formatted.setdefault(
            when, (when.isoformat(), hashed_time(when))
        )
        data = {
            "channel": values.channel,
            "received_at": received,
            "import": {"source": source, "line": row.line, **row.provenance},
            "imported": True,
        }
        if values.representative is not None:
            data["representative"] = True
        if row.category_path:
            data["classified"] = {
                "category_id": category_id,
                "category": " › ".join(row.category_path),
            }
        closed: tuple = (None, None, None, "")
        status = Status.RECEIVED.value
        # The clocks of one received alike (timing.Planner): an open complaint gets them;
        # a resolved one only its promised date (its decision's time is the import's).
        regime, due, promised, clock_rows = timed.at_receipt(when)
        kind, at = "received", when
        if row.resolution is not None:
            _resolve(row.resolution, complaint_id, ids, session, now, data, decisions, remedies)
            status = Status.CLOSED.value
            closed = (now, now, now, row.resolution.closure_reason)
            kind, at, at_hashed = "imported", now, now_hashed
            due, clock_rows = None, ()
        clocks.extend((complaint_id, *r) for r in clock_rows)
        # As events.append: the state it was created in, and the personal part beside.
        data["from"], data["to"] = None, status
        event_id = next(event_ids)
        personal = take_personal(kind, data)
        if personal:
            key = next(fresh_keys)
            personal_json = canonical_json_plain(personal)
            data["personal"] = digest_json(key, personal_json)
            keys.append((complaint_id, key))
            side_rows.append((event_id, personal_json))
        encoded = canonical_json_plain(data)
        digest = hash_canonical(
            reference=reference,
            seq=1,
            kind=kind,
            actor_id=actor_id,
            actor_label=label,
            at=at_hashed,
            data_json=encoded,
            public=True,
            prev_hash=GENESIS,
        )
        events.append(
            (event_id, complaint_id, 1, kind, actor_id, label, at, encoded, True, GENESIS, digest)
        )
        complaints.append(
            (
                complaint_id,
                reference,
                "",
                record["external_reference"],
                values.channel,
                when,
                received_by,
                person_id,
                rep_id,
                record["representative_authority"],
                record["product"],
                record["description"],
                record["occurred_on"],
                record["remedy_sought"],
                record["immediate_action"],
                record["people_involved"],
                category_id,
                status,
                promised,
                regime,
                due,
                *closed,
                1,
                digest,
            )
        )
        result.created.append((row.line, reference))
    return [
        (batch_sql.table(*PERSON), people),
        (batch_sql.table(*COMPLAINT), complaints),
        (batch_sql.table(*DECISION), decisions),
        (batch_sql.table(*REMEDY), remedies),
        (batch_sql.table(*TRAIL_KEY), keys),
        (batch_sql.table(*EVENT), events),
        (batch_sql.table(*EVENT_PERSONAL), side_rows),
        (batch_sql.table(*CLOCK), clocks),
    ]


def _person(person_id: int, values: dict) -> tuple:
    get = values.get
    return (person_id, *[get(f, "") for f in PERSON_FIELDS])


def _resolve(res, complaint_id: int, ids, session, now, data, decisions, remedies) -> None:
    """ISO 10002 7.7–7.9 as the source system recorded them: the decision with its reasons,
    communicated, each remedy carried out, the complaint closed. The one event names the
    decision and remedies it made and the outcome; their texts are in their rows, made from
    the source record that the event holds."""
    decision_id = next(ids[Decision])
    reasons = res.reasons.strip()
    decisions.append(
        (
            decision_id,
            complaint_id,
            0,
            res.outcome,
            reasons,
            session.service_user_id,
            now,
            now,
            res.method,
        )
    )
    remedy_ids = []
    for r in res.remedies:
        remedy_id = next(ids[Remedy])
        remedies.append(
            (
                remedy_id,
                decision_id,
                r["kind"],
                r["description"],
                r["amount"],
                r["currency"],
                RemedyState.CARRIED_OUT.value,
                res.evidence,
                now,
            )
        )
        remedy_ids.append(remedy_id)
    data["decided"] = {
        "decision_id": decision_id,
        "level": 0,
        "outcome": res.outcome,
        "remedy_ids": remedy_ids,
    }
    data["decision_communicated"] = {"method": res.method}
    data["closed"] = {"reason": res.closure_reason, **res.facts}

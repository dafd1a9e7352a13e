"""The batch path of receipt (ISO 10002 7.2) for imports of complaints kept elsewhere.

`receive_batch` takes rows that an importer (upheld.intake.bulk) has read from a file and
records each with the same rules as `lifecycle.receive` (intake_rules.clean_receipt), with
references allocated per year in one statement, and the trail written exactly as
`events.append` would (events.compute_hash), so `verify_all` holds. A row that already holds
a complaint from the same source (its external reference) is skipped; a row that breaks a
rule is returned with the reason and nothing of it is written. Everything else of the batch
is written in one transaction with a few set-based statements (PostgreSQL: COPY).

What an import may record beyond `receive`, and why:
- A historical complaint that the source system shows as answered arrives closed: the trail
  gets `classified`, `decided`, `decision_communicated`, `remedy_carried_out` and `closed`
  events, each marked `imported`, in the order the gates of lifecycle.close ask for
  (classified, decision with reasons communicated, every remedy settled). Their times are the
  moment of the import: the source does not say when the answer was given, and the trail
  records only what Upheld knew and when (the source's dates stay in the event data).
- The decision is recorded as made by the service account `upheld-import` (inactive, no
  password): it was made in the source system, not by the person who ran the import.
- A monetary remedy may have no amount when the source does not publish it (amount NULL,
  described as such), which `lifecycle.decide` refuses for new decisions.
- No acknowledgement is queued (7.4): it was given, or not, when the complaint arrived in the
  source system years ago; mailing now would mislead the complainant.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from upheld.organisation.models import Organisation

from . import bulk_sql, permissions
from .actors import Actor, as_actor
from .errors import InvalidInput
from .events import GENESIS, canonical_json, hash_canonical, hashed_time
from .intake_rules import clean_receipt
from .lifecycle import CLOSURE_REASONS
from .models import (
    Category,
    Complaint,
    Decision,
    Event,
    Outcome,
    Person,
    Remedy,
    RemedyKind,
    RemedyState,
    Status,
)
from .models.decision import MONETARY
from .references import allocate_numbers, format_reference
from .roles import MANAGE

SERVICE_USERNAME = "upheld-import"
OUTCOMES = frozenset(Outcome.values)
REMEDY_KINDS = frozenset(RemedyKind.values)


@dataclass
class Resolution:
    """How the source system answered the complaint (7.7–7.9), when it did."""

    outcome: str
    reasons: str
    remedies: list[dict] = field(default_factory=list)  # kind, description, amount, currency
    method: str = "import"  # how the decision was communicated
    evidence: str = "Recorded as carried out in the source system."
    closure_reason: str = "final_response_issued"
    closure_note: str = ""
    facts: dict = field(default_factory=dict)  # source facts kept with the closed event


@dataclass
class IncomingRow:
    """One complaint as an importer read it; `receipt` holds the keyword arguments of
    `lifecycle.receive` (channel, description, complainant, received_at, product…)."""

    line: int
    receipt: dict
    category_path: tuple[str, ...] = ()
    resolution: Resolution | None = None
    provenance: dict = field(default_factory=dict)  # original values, kept in the trail


@dataclass
class BatchResult:
    created: list[tuple[int, str]] = field(default_factory=list)  # (line, reference)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, external ref)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


class BulkSession:
    """State kept between the batches of one import: who imports, from where, and the
    categories already resolved (cached in memory so a batch costs a few queries)."""

    def __init__(self, source: str, by=None, label: str = ""):
        if not source or len(source) > 40:
            raise InvalidInput({"source": "Name the source system in at most 40 characters."})
        actor = as_actor(by) if by is not None else Actor("system")
        if by is not None and not actor.has_perm(MANAGE):
            raise permissions.NotPermitted("Only a complaints manager can import complaints.")
        name = label or f"import from {source}"
        self.actor = Actor(actor.kind, user=actor.user,
                           label=f"{actor.display()} ({name})" if actor.user else name)
        self.source = source
        self.org = Organisation.current()
        self.categories: dict[tuple[str, ...], tuple[int, bool]] = {}
        self._service_user_id: int | None = None

    @property
    def service_user_id(self) -> int:
        if self._service_user_id is None:
            user, created = get_user_model().objects.get_or_create(
                username=SERVICE_USERNAME, defaults={"is_active": False})
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self._service_user_id = user.pk
        return self._service_user_id


def receive_batch(rows: list[IncomingRow], *, session: BulkSession) -> BatchResult:
    """ISO 10002 7.2 for a batch: record every good row, skip those already imported from
    the same source, and say for every other row why it was refused."""
    result = BatchResult()
    now = timezone.now()
    good = []
    for row in rows:
        try:
            good.append((row, _check(row, session, now)))
        except InvalidInput as exc:
            result.rejected.append((row.line, _reason(exc)))
    with transaction.atomic():
        bulk_sql.relax_durability()
        known = _already_imported(session.source, [c.record_fields["external_reference"]
                                                   for _, c in good])
        fresh = []
        for row, clean in good:
            ref = clean.record_fields["external_reference"]
            if ref and ref in known:
                result.skipped.append((row.line, ref))
                continue
            known.add(ref)
            fresh.append((row, clean))
        categories = _resolve_categories(session, [row.category_path for row, _ in fresh])
        for row, _clean in fresh:
            if row.category_path and not categories[row.category_path][1]:
                result.rejected.append((row.line, "category: " + " › ".join(row.category_path)
                                        + " is no longer in use (ISO 10002 8.2)."))
        fresh = [(row, clean) for row, clean in fresh
                 if not row.category_path or categories[row.category_path][1]]
        if fresh:
            _write(fresh, session, now, result)
    return result


def _reason(exc: InvalidInput) -> str:
    return "; ".join(f"{k}: {' '.join(v) if isinstance(v, list) else v}"
                     for k, v in exc.errors.items())


def _check(row: IncomingRow, session: BulkSession, now: datetime):
    if _has_nul(row):
        raise InvalidInput({"row": "It contains a NUL character, which cannot be stored."})
    clean = clean_receipt(session.org, session.actor, now, acknowledge=False, **row.receipt)
    errors = {}
    if len(clean.record_fields["external_reference"]) > 100:
        errors["external_reference"] = "Use at most 100 characters."
    if any(not name.strip() or len(name) > 200 for name in row.category_path):
        errors["category"] = "Each level of the category needs a name of 1 to 200 characters."
    if clean.complainant.email and len(clean.complainant.email) > 254:
        errors["complainant.email"] = "Use at most 254 characters."
    res = row.resolution
    if res is not None:
        if not row.category_path:
            errors["category"] = "A closed complaint must be classified first (ISO 10002 8.2)."
        if res.outcome not in OUTCOMES:
            errors["outcome"] = f"Choose one of: {', '.join(Outcome.values)}."
        if not res.reasons.strip():
            errors["reasons"] = "Give the reasons for the decision."
        if Status.DECISION_COMMUNICATED not in CLOSURE_REASONS.get(res.closure_reason, ()):
            errors["closure_reason"] = "Use a closure reason that follows a final response."
        if len(res.method) > 16:
            errors["method"] = "Use at most 16 characters."
        for i, remedy in enumerate(res.remedies):
            errors.update(_check_remedy(i, remedy))
    if errors:
        raise InvalidInput(errors)
    return clean


def _check_remedy(i: int, remedy: dict) -> dict:
    errors = {}
    if remedy.get("kind") not in REMEDY_KINDS:
        errors[f"remedies.{i}.kind"] = f"Choose one of: {', '.join(RemedyKind.values)}."
    amount = remedy.get("amount")
    if amount is not None:
        try:
            if Decimal(str(amount)) <= 0 or remedy.get("kind") not in MONETARY:
                raise InvalidOperation
        except InvalidOperation:
            errors[f"remedies.{i}.amount"] = "Only a refund or compensation has an amount > 0."
    currency = remedy.get("currency") or ""
    if currency and (len(currency) != 3 or not currency.isalpha()):
        errors[f"remedies.{i}.currency"] = "Give a 3-letter currency code, e.g. USD."
    return errors


def _has_nul(row: IncomingRow) -> bool:
    """PostgreSQL cannot store NUL in text: such a row is refused rather than the batch."""
    stack = [row.receipt, row.provenance, row.category_path]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return False


def _already_imported(source: str, refs: list[str]) -> set[str]:
    """External references of this batch that already hold a complaint from `source`: one
    query per batch (the source is recorded in the `received` event of the trail)."""
    refs = [r for r in refs if r]
    if not refs:
        return set()
    # Index only first; the trail is read only for references that exist at all.
    hits = dict(Complaint.objects.filter(external_reference__in=refs)
                .values_list("pk", "external_reference"))
    if not hits:
        return set()
    same_source = Event.objects.filter(complaint_id__in=hits, seq=1,
                                       data__import__source=source)
    return {hits[pk] for pk in same_source.values_list("complaint_id", flat=True)}


# ---------------------------------------------------------------- writing


class _Tables:
    """Rows to insert, per model, with their ids reserved up front (so the trail, which
    names decision and remedy ids, is hashed before anything is written)."""

    ORDER = (Person, Complaint, Decision, Remedy, Event)

    def __init__(self):
        self.rows: dict[type, list[dict]] = {model: [] for model in self.ORDER}

    def add(self, model, **values) -> dict:
        self.rows[model].append(values)
        return values


def _write(fresh, session: BulkSession, now: datetime, result: BatchResult) -> None:
    org, actor = session.org, session.actor
    categories = session.categories
    numbers = {}
    for year in sorted({clean.received_at.year for _, clean in fresh}):
        count = sum(1 for _, clean in fresh if clean.received_at.year == year)
        numbers[year] = iter(allocate_numbers(year, count))
    resolved = [row for row, _ in fresh if row.resolution is not None]
    ids = bulk_sql.reserve_ids({
        Person: len(fresh), Complaint: len(fresh), Decision: len(resolved),
        Remedy: sum(len(r.resolution.remedies) for r in resolved),
    })
    tables = _Tables()
    due = timedelta(days=org.response_target_days)
    for row, clean in fresh:
        person = clean.complainant
        person_id = next(ids[Person])
        tables.add(Person, id=person_id, **{f: getattr(person, f) for f in (
            "name", "organisation", "email", "phone", "postal_address", "preferred_language",
            "accessibility_needs")})
        year = clean.received_at.year
        reference = format_reference(org.reference_prefix, year, next(numbers[year]))
        complaint = tables.add(
            Complaint, id=next(ids[Complaint]), reference=reference,
            secret_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            channel=clean.channel, received_at=clean.received_at,
            received_by_id=actor.user.pk if actor.user else None, complainant_id=person_id,
            response_due_at=clean.received_at + due, status=Status.RECEIVED,
            category_id=categories[row.category_path][0] if row.category_path else None,
            **_record(clean.record_fields))
        trail = _Trail(tables, complaint, actor)
        trail.append("received", clean.received_at, public=True, data={
            **clean.trail_data(), "attachments": [],
            "import": {"source": session.source, "line": row.line, **row.provenance}})
        if row.category_path:
            trail.append("classified", now, {
                "category_id": complaint["category_id"],
                "category": " › ".join(row.category_path), "previous": None})
        if row.resolution is not None:
            _resolve(tables, trail, complaint, row.resolution, ids, session, now)
        complaint.update(trail_length=trail.seq, trail_head=trail.head)
        result.created.append((row.line, reference))
    bulk_sql.insert(tables.ORDER, tables.rows)


def _record(fields: dict) -> dict:
    values = dict(fields)
    if values.pop("category", None) is not None:
        raise TypeError("imports classify through IncomingRow.category_path")
    return values


def _resolve(tables, trail, complaint, res: Resolution, ids, session, now) -> None:
    decision_id = next(ids[Decision])
    remedies = [{"kind": r["kind"], "description": r.get("description", ""),
                 "amount": None if r.get("amount") is None else str(Decimal(str(r["amount"]))),
                 "currency": (r.get("currency") or "").upper()} for r in res.remedies]
    tables.add(Decision, id=decision_id, complaint_id=complaint["id"], level=0,
               outcome=res.outcome, reasons=res.reasons.strip(),
               decided_by_id=session.service_user_id, decided_at=now, communicated_at=now,
               communicated_by=res.method)
    trail.append("decided", now, {"decision_id": decision_id, "level": 0,
                                  "outcome": res.outcome, "reasons": res.reasons.strip(),
                                  "remedies": remedies})
    trail.append("decision_communicated", now, public=True, data={
        "decision_id": decision_id, "method": res.method, "outcome": res.outcome,
        "reasons": res.reasons.strip(), "message": ""})
    for remedy in remedies:
        remedy_id = next(ids[Remedy])
        tables.add(Remedy, id=remedy_id, decision_id=decision_id, kind=remedy["kind"],
                   description=remedy["description"],
                   amount=None if remedy["amount"] is None else Decimal(remedy["amount"]),
                   currency=remedy["currency"], state=RemedyState.CARRIED_OUT,
                   state_note=res.evidence, state_changed_at=now)
        trail.append("remedy_" + RemedyState.CARRIED_OUT, now, {
            "remedy_id": remedy_id, "kind": remedy["kind"], "note": res.evidence})
    trail.append("closed", now, public=True, data={
        "reason": res.closure_reason, "note": res.closure_note, **res.facts})
    complaint.update(status=Status.CLOSED, decided_at=now, decision_communicated_at=now,
                     closed_at=now, closure_reason=res.closure_reason)


class _Trail:
    """The chain of one new complaint, hashed exactly as events.append does."""

    def __init__(self, tables: _Tables, complaint: dict, actor: Actor):
        self.tables, self.complaint = tables, complaint
        self.actor_id = actor.user.pk if actor.user is not None else None
        self.label = actor.display()
        self.seq, self.head = 0, GENESIS

    def append(self, kind: str, at: datetime, data: dict, public: bool = False) -> None:
        encoded = canonical_json({**data, "imported": True})  # hashed and stored as is
        self.seq += 1
        digest = hash_canonical(reference=self.complaint["reference"], seq=self.seq, kind=kind,
                                actor_id=self.actor_id, actor_label=self.label,
                                at=hashed_time(at), data_json=encoded, public=public,
                                prev_hash=self.head)
        self.tables.add(Event, complaint_id=self.complaint["id"], seq=self.seq, kind=kind,
                        actor_id=self.actor_id, actor_label=self.label, at=at,
                        data=encoded, public=public, prev_hash=self.head, hash=digest)
        self.head = digest


def _resolve_categories(session: BulkSession, paths) -> dict[tuple[str, ...], tuple[int, bool]]:
    """ISO 10002 8.2: find or create each level of each path, level by level, in bulk.
    Returns path → (category id, in use); another import creating the same category at the
    same moment is no error (the conflict is ignored and the category read back)."""
    cache = session.categories
    wanted = {path[:depth] for path in paths for depth in range(1, len(path) + 1)}
    for depth in range(1, max((len(p) for p in wanted), default=0) + 1):
        missing = sorted(p for p in wanted if len(p) == depth and p not in cache)
        if not missing:
            continue
        parent = {p: cache[p[:-1]][0] if depth > 1 else None for p in missing}
        query = Category.objects.filter(name__in={p[-1] for p in missing})
        query = (query.filter(parent__isnull=True) if depth == 1
                 else query.filter(parent_id__in=set(parent.values())))
        found = {(c.parent_id, c.name): (c.pk, c.active) for c in query}
        new = [Category(name=p[-1], parent_id=parent[p]) for p in missing
               if (parent[p], p[-1]) not in found]
        if new:
            Category.objects.bulk_create(new, ignore_conflicts=True)
            found = {(c.parent_id, c.name): (c.pk, c.active) for c in query.all()}
        for path in missing:
            cache[path] = found[(parent[path], path[-1])]
    return cache

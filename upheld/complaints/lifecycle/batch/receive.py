"""The batch path of receipt (ISO 10002 7.2) for imports of complaints kept elsewhere.

`receive_batch` takes rows that an importer (upheld.intake.bulk) has read from a file and
records each with the same rules as `lifecycle.receive` (intake_rules.check_receipt, which
clean_receipt uses too), with references allocated per year in one statement, and the trail
hashed exactly as `events.append` would (events.hash_canonical), so `verify_all` holds. The
rows themselves are built in build.py and written by sql.py. A row that already holds
a complaint from the same source (its external reference) is skipped; a row that breaks a
rule is returned with the reason and nothing of it is written. Everything else of the batch
is written in one transaction with a few set-based statements (PostgreSQL: COPY, sent by a
background thread while the next batch is prepared: see `Pipeline`).

What an import may record beyond `receive`, and why:
- The classification made in the source system is recorded at receipt (the category, and
  `classified` in the data of the first event).
- A historical complaint that the source system shows as answered arrives closed, with its
  whole history in ONE `imported` event (data: channel and time of receipt, the source
  record, `classified`, `decided` naming the decision, outcome and remedies carried out,
  `decision_communicated` and `closed`; the texts of the decision and remedies are in their
  rows, made from the record the event holds). The
  records satisfy what the gates of lifecycle.close check: classified, a decision with
  reasons communicated, every remedy carried out, the milestones set. The event's time, and
  the decided / communicated / closed times, are the moment of the import: the source does
  not say when the answer was given, and the trail records only what Upheld knew and when
  (the source's dates stay in the event data). An open complaint gets one `received` event.
- The decision is recorded as made by the service account `upheld-import` (inactive, no
  password): it was made in the source system, not by the person who ran the import.
- A monetary remedy may have no amount when the source does not publish it (amount NULL,
  described as such), which `lifecycle.decide` refuses for new decisions.
- No acknowledgement is queued (7.4): it was given, or not, when the complaint arrived in the
  source system years ago; mailing now would mislead the complainant. So no tracking secret
  is made either: nobody could be given the link (the hash is empty and opens nothing).
"""

import sys
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.organisation.models import Organisation

from ... import permissions
from ...actors import Actor, as_actor
from ...errors import InvalidInput
from ...intake_rules import check_receipt
from ...models import ClosureReason, Status
from ...roles import MANAGE
from .. import timing
from ..rules import clean_remedies, closure_gate, closure_reason_error, decision_errors
from . import build, sql

SERVICE_USERNAME = "upheld-import"
# What closure_gate names as missing → the import's column it comes from.
CLOSURE_FIELDS = {"reason": "closure_reason", "category": "category", "remedies": "remedies"}


@dataclass
class Resolution:
    """How the source system answered the complaint (7.7–7.9), when it did."""

    outcome: str
    reasons: str
    remedies: list[dict] = field(default_factory=list)  # kind, description, amount, currency
    method: str = "import"  # how the decision was communicated
    evidence: str = "Recorded as carried out in the source system."
    closure_reason: str = ClosureReason.FINAL_RESPONSE_ISSUED
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
            raise InvalidInput({"source": _("Name the source system in at most 40 characters.")})
        actor = as_actor(by) if by is not None else Actor("system")
        if by is not None and not actor.has_perm(MANAGE):
            raise permissions.NotPermitted("Only a complaints manager can import complaints.")
        name = label or f"import from {source}"
        self.actor = Actor(
            actor.kind, user=actor.user, label=f"{actor.display()} ({name})" if actor.user else name
        )
        self.source = source
        self.org = Organisation.current()
        self.categories: dict[tuple[str, ...], tuple[int, bool]] = {}
        self.inflight: set[str] = set()  # external refs written, not yet committed
        self._service_user_id: int | None = None

    @property
    def service_user_id(self) -> int:
        if self._service_user_id is None:
            user, created = get_user_model().objects.get_or_create(
                username=SERVICE_USERNAME, defaults={"is_active": False}
            )
            if created:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            self._service_user_id = user.pk
        return self._service_user_id


def receive_batch(
    rows: list[IncomingRow], *, session: BulkSession, nul_free: bool = False
) -> BatchResult:
    """ISO 10002 7.2 for a batch, in one transaction: record every good row, skip those
    already imported from the same source, and say for every other row why it was refused."""
    now = timezone.now()
    result = BatchResult()
    good = check_rows(rows, session, now, result, nul_free)
    with transaction.atomic():
        sql.relax_durability()
        plan = build.plan(good, session, result, inflight=set())
        if plan.rows:
            sql.insert(build.build(plan, session, now, result))
    return result


class Pipeline:
    """PostgreSQL: batch N is written (COPY, its own transaction) by a background thread
    while batch N+1 is read, checked, hashed and encoded; PostgreSQL works on one core while
    Python works on the other. `receive` returns the results of the batches whose writing
    has finished (a batch's rows count as created only once it is committed). A batch that
    cannot be written raises DatabaseError with `.line`, the line its batch starts on; the
    batches before it are kept. References reserved for a batch that failed are not reused.
    """

    # The writer thread needs the GIL briefly after each chunk PostgreSQL takes; with the
    # default 5 ms switch interval it waits behind the busy main thread most of the time.
    SWITCH_INTERVAL = 0.0001

    def __init__(self, session: BulkSession):
        self.session = session
        self.writer = sql.Writer()
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self.switch_interval, self.SWITCH_INTERVAL))
        # (encoded batch, result, first line, its refs) of the batch not yet started
        self.built: tuple | None = None
        self.writing: tuple | None = None  # the same, being written

    def receive(self, rows: list[IncomingRow], nul_free: bool = False) -> list[BatchResult]:
        now = timezone.now()
        result = BatchResult()
        good = check_rows(rows, self.session, now, result, nul_free)  # overlaps the write
        done = self._join()
        inflight: set[str] = self.built[3] if self.built else set()
        plan = build.plan(good, self.session, result, inflight=inflight)
        planner = timing.Planner(now)  # its reads before the writer takes the connection
        self._start()
        tables = build.build(plan, self.session, now, result, planner) if plan.rows else []
        refs = {v.record_fields["external_reference"] for _, v in plan.rows}
        self.built = (sql.encode(tables), result, rows[0].line if rows else 0, refs)
        return done

    def finish(self) -> list[BatchResult]:
        done = self._join()
        self._start()
        return done + self._join()

    def close(self) -> None:
        """Wait for a write in flight (after an error elsewhere; its failure is not raised)
        and give the interpreter back its switch interval."""
        try:
            self._join()
        except DatabaseError:
            pass
        finally:
            sys.setswitchinterval(self.switch_interval)

    def _start(self) -> None:
        if self.built is not None:
            self.writing, self.built = self.built, None
            self.writer.start(self.writing[0])

    def _join(self) -> list[BatchResult]:
        if self.writing is None:
            return []
        writing, self.writing = self.writing, None
        try:
            self.writer.join()
        except DatabaseError as exc:
            exc.line = writing[2]  # type: ignore[attr-defined]  # where the failed batch began
            raise
        return [writing[1]]


def check_rows(
    rows: list[IncomingRow],
    session: BulkSession,
    now: datetime,
    result: BatchResult,
    nul_free: bool = False,
) -> list:
    """The rows that pass every rule of receipt, with their checked values; the others go
    to result.rejected with the reason. No database. `nul_free`: the caller has found no
    NUL character in what the rows were made from, so they are not searched for one."""
    good = []
    for row in rows:
        try:
            good.append((row, _check(row, session, now, not nul_free)))
        except InvalidInput as exc:
            result.rejected.append((row.line, _reason(exc)))
    return good


def _reason(exc: InvalidInput) -> str:
    return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.messages().items())


def _check(row: IncomingRow, session: BulkSession, now: datetime, screen: bool = True):
    if screen and _has_nul(row.receipt, row.provenance, row.category_path):
        raise InvalidInput({"row": _("It contains a NUL character, which cannot be stored.")})
    if row.receipt.get("category") is not None:
        raise TypeError("imports classify through IncomingRow.category_path")
    values = check_receipt(session.org, session.actor, now, **row.receipt)
    errors = {}
    if len(values.record_fields["external_reference"]) > 100:
        errors["external_reference"] = _("Use at most 100 characters.")
    if any(not name.strip() or len(name) > 200 for name in row.category_path):
        errors["category"] = _("Each level of the category needs a name of 1 to 200 characters.")
    for prefix, person in (
        ("complainant", values.complainant),
        ("representative", values.representative),
    ):
        if person and len(person.get("email", "")) > 254:
            errors[f"{prefix}.email"] = _("Use at most 254 characters.")
    res = row.resolution
    if res is not None:
        errors.update(_check_resolution(res, classified=bool(row.category_path)))
    if errors:
        raise InvalidInput(errors)
    return values


def _check_resolution(res: Resolution, *, classified: bool) -> dict:
    """The source's answer, by the rules of lifecycle.decide and lifecycle.close (rules.py):
    the decision, its remedies (their amounts may be unknown), the closure reason and gates
    of a complaint closed after its decision was communicated, every remedy carried out."""
    errors = decision_errors(res.outcome, res.reasons)
    res.remedies, remedy_errors = clean_remedies(res.remedies, amounts_known=False)
    errors.update(remedy_errors)
    if problem := closure_reason_error(res.closure_reason):
        errors["closure_reason"] = problem
    else:
        gate = closure_gate(
            Status.DECISION_COMMUNICATED,
            res.closure_reason,
            classified=classified,
            pending_remedies=[],
        )
        if gate is not None:
            errors[CLOSURE_FIELDS[gate[0]]] = gate[1]
    if len(res.method) > 16:
        errors["method"] = _("Use at most 16 characters.")
    return errors


def _has_nul(*values) -> bool:
    """PostgreSQL cannot store NUL in text: such a row is refused rather than the batch."""
    stack, texts = list(values), []
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return "\x00" in "".join(texts)

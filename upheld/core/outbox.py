"""One outbox for everything Upheld sends (ISO 10002 4.4, 7.4, 7.8): e-mail messages and
webhook deliveries today; letters, staff reminders and survey invitations next.

An outbox item is a row written in the transaction of the change that needs it, with the
job that will send it; then the worker:

- claims it (state `sending`, naming the worker) in a short transaction, so any number of
  jobs for the same item, on any number of workers, send it at most once successfully; the
  claim is a lease that holds while the worker beats (workers.py);
- sends it outside any transaction, so a slow mail server or subscriber never holds locks;
- records it `sent`, then settles it: `on_sent` (the lifecycle's consequence, such as the
  acknowledgement) runs in one transaction with the mark `settled_at`, under the item's
  lock, so the consequence is recorded exactly once; or on failure schedules a retry with
  exponential back-off (UPHELD_DELIVERY_BACKOFF_BASE/CAP), and after
  UPHELD_DELIVERY_MAX_ATTEMPTS marks it `failed` and calls the outbox's failure hook (the
  complaint side makes it a trail event);
- the periodic sweep finds what a dead worker left (`sending` under a lease that no longer
  holds) and items whose job will never run (it finished without sending, or its worker
  died holding it), in batches, and enqueues them again — leaving alone an item whose job
  is still waiting, so a long queue is not flooded with duplicates; and it settles every
  item sent but not settled (its worker died between the two steps).

An app declares its outbox once, with the function that sends one item:

    OUTBOX = Outbox(Message, send=send_email, queue_name="mail", on_sent=..., on_failed=...)
    OUTBOX.add(Message(...))       # in the caller's transaction: row and job together
"""

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import cache

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import rows, workers

log = logging.getLogger(__name__)
STALE_AFTER = workers.STALE_AFTER  # for a claim by a process that does not beat
SWEEP_BATCH = 500
MAX_ERROR = 2000


@cache
def _deliver(queue_name: str):
    """The delivery task on `queue_name`, made once (a task is immutable; making it checks
    its backend each time)."""
    from .tasks import deliver

    return deliver.using(queue_name=queue_name)


class OutboxState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxItem(models.Model):
    """What every outbox row has: where its delivery stands and the job responsible."""

    state = models.CharField(
        max_length=10, choices=OutboxState.choices, default=OutboxState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # The worker (workers.current()) whose lease the claim is; empty outside a worker.
    claimed_by = models.CharField(max_length=64, blank=True, default="")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the consequence of sending it (on_sent) was recorded; null while it is due.
    settled_at = models.DateTimeField(null=True, blank=True)
    # The job (django-tasks-db result id) now responsible for this item; the sweep enqueues
    # a stalled item again only when that job is no longer alive.
    job_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        abstract = True
        indexes = [
            models.Index(
                fields=["sent_at"],
                name="%(app_label)s_%(class)s_unsettled",
                condition=Q(state="sent", settled_at=None),
            )
        ]

    def outbox_key(self) -> dict:
        """How a job names the item before it is saved (a unique natural key), so the row
        is written once, already knowing its job. Override where pk is not known yet."""
        return {"pk": self.pk}


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … up to the cap."""
    base = settings.UPHELD_DELIVERY_BACKOFF_BASE
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.UPHELD_DELIVERY_BACKOFF_CAP)
    )


def describe(exc: Exception) -> tuple[str, dict]:
    """The error recorded for a failed attempt, and any fields to record with it."""
    return f"{type(exc).__name__}: {exc}", {}


_outboxes: dict[str, "Outbox"] = {}


def outbox(label: str) -> "Outbox":
    return _outboxes[label]


class Outbox:
    """Delivery of one kind of outbox item. `send(item)` sends it (raising on failure) and
    may return fields to record on success; `finish` are fields set when the item is sent
    or failed for good (e.g. a secret wiped); `on_sent(item)` runs after it is recorded
    sent, in its own transaction; `on_failed(item)` in the transaction that marks it failed."""

    def __init__(
        self,
        model: type[OutboxItem],
        send: Callable[[OutboxItem], dict | None],
        *,
        queue_name: str = "default",
        describe: Callable[[Exception], tuple[str, dict]] = describe,
        finish: dict | None = None,
        on_sent: Callable[[OutboxItem], None] | None = None,
        on_failed: Callable[[OutboxItem], None] | None = None,
        select_related: tuple[str, ...] = (),
    ):
        self.model, self.send, self.queue_name = model, send, queue_name
        self.describe, self.finish = describe, finish or {}
        self.on_sent, self.on_failed = on_sent, on_failed
        self.select_related = select_related
        self.label = model._meta.label_lower
        self.name = model._meta.verbose_name
        _outboxes[self.label] = self

    # --- writing: in the caller's transaction --------------------------------------------

    def add(self, item: OutboxItem) -> OutboxItem:
        """Save a new item with the job that sends it; both commit (or roll back) with the
        caller's transaction, so an item exists exactly when the change that needs it does."""
        job = self.enqueue(item.outbox_key())
        item.job_id = str(job.id)
        return rows.insert(item)

    def enqueue(self, key: dict, run_after=None):
        """A job that delivers the item named by `key` (a lookup such as {"pk": 3})."""
        task = _deliver(self.queue_name) if run_after is None else None
        if task is None:
            from .tasks import deliver

            task = deliver.using(queue_name=self.queue_name, run_after=run_after)
        return task.enqueue(self.label, key)

    # --- the worker ------------------------------------------------------------------------

    def claim(self, key: dict | int) -> OutboxItem | None:
        """Mark the item `sending` unless it is sent, failed, being sent or not due yet."""
        key = key if isinstance(key, dict) else {"pk": key}
        now = timezone.now()
        with transaction.atomic():
            rows = self.model._default_manager.select_for_update(of=("self",)).filter(**key)
            item = rows.select_related(*self.select_related).first()
            if item is None or item.state in (OutboxState.SENT, OutboxState.FAILED):
                return None
            if (
                item.state == OutboxState.SENDING
                and workers.holds([(item.claimed_by, item.claimed_at)], now=now)[0]
            ):
                return None  # another worker is sending it right now
            if item.next_attempt_at and item.next_attempt_at > now:
                return None  # a retry is scheduled; this is an early duplicate run
            item.state, item.claimed_at, item.attempts = OutboxState.SENDING, now, item.attempts + 1
            item.claimed_by = workers.current()
            item.save(update_fields=["state", "claimed_at", "claimed_by", "attempts"])
            return item

    def deliver(self, key: dict | int) -> str:
        """Send one item. Returns what happened: sent, retry, failed or nothing to do."""
        item = self.claim(key)
        if item is None:
            return "nothing to do"
        try:
            recorded = self.send(item) or {}
        except Exception as exc:  # noqa: BLE001 — any failure to send is retried
            error, fields = self.describe(exc)
            return self._failed_attempt(item, error[:MAX_ERROR], fields)
        # Recorded as sent on its own first: whatever settling does next, an item that went
        # out is never sent again; if this worker dies before settling, the sweep settles.
        now = timezone.now()
        self._update(
            item,
            state=OutboxState.SENT,
            sent_at=now,
            settled_at=now if self.on_sent is None else None,
            last_error="",
            **recorded,
            **self.finish,
        )
        self.settle(item.pk)
        return "sent"

    def settle(self, pk) -> bool:
        """Record the consequence of a sent item (on_sent) and mark it settled, in one
        transaction under the item's lock: done exactly once, whoever calls it (the
        worker that sent it, or the sweep after that worker died). Returns whether this
        call settled it; raises (the item stays unsettled, the sweep tries again) when
        the consequence could not be recorded."""
        with transaction.atomic():
            rows = self.model._default_manager.select_for_update(of=("self",)).filter(
                pk=pk, state=OutboxState.SENT, settled_at=None
            )
            item = rows.select_related(*self.select_related).first()
            if item is None:
                return False
            try:
                if self.on_sent is not None:
                    with transaction.atomic():
                        self.on_sent(item)
            except Exception:
                log.exception("%s %s was sent; recording its effects failed", self.name, pk)
                raise  # the job fails visibly; the item stays sent, not settled
            self._update(item, settled_at=timezone.now())
            return True

    def _update(self, item: OutboxItem, **fields) -> None:
        self.model._default_manager.filter(pk=item.pk).update(**fields)
        for name, value in fields.items():
            setattr(item, name, value)

    def _failed_attempt(self, item: OutboxItem, error: str, fields: dict) -> str:
        with transaction.atomic():
            if item.attempts >= settings.UPHELD_DELIVERY_MAX_ATTEMPTS:
                self._update(
                    item, state=OutboxState.FAILED, last_error=error, **fields, **self.finish
                )
                if self.on_failed is not None:
                    self.on_failed(item)
                log.error(
                    "%s %s failed for good after %s attempts: %s",
                    self.name,
                    item.pk,
                    item.attempts,
                    error,
                )
                return "failed"
            retry_at = timezone.now() + backoff(item.attempts)
            job = self.enqueue({"pk": item.pk}, run_after=retry_at)
            self._update(
                item,
                state=OutboxState.QUEUED,
                last_error=error,
                next_attempt_at=retry_at,
                job_id=str(job.id),
                **fields,
            )
        log.warning(
            "%s %s not sent (attempt %s), retry at %s: %s",
            self.name,
            item.pk,
            item.attempts,
            retry_at,
            error,
        )
        return "retry"

    # --- the periodic sweep ----------------------------------------------------------------

    def sweep(self) -> int:
        """ISO 10002 4.4: find items whose delivery stalled and enqueue them again.

        Stalled: `sending` under a claim that no longer holds (its worker died mid-send;
        workers.holds), or `queued` and due for longer than the lease while its job will
        never run. An item whose job is still waiting, or running in a live worker, is
        left alone. Then every item sent but not settled for longer than the lease is
        settled (settle), so its consequence is recorded exactly once.

        Idempotent and safe in several workers at once: the new job is recorded on the
        item only if the item still names the job the sweep saw (compare-and-set);
        otherwise the new job is rolled back. Any extra job that does run finds nothing."""
        now = timezone.now()
        before = now - workers.lease()
        stalled = self.model._default_manager.filter(
            Q(state=OutboxState.SENDING, claimed_at__lt=before)
            | Q(state=OutboxState.QUEUED, next_attempt_at__lt=before)
            | Q(state=OutboxState.QUEUED, next_attempt_at=None, created_at__lt=before)
        ).order_by("pk")
        enqueued, last_pk = 0, 0
        while True:
            fields = ("pk", "job_id", "state", "claimed_by", "claimed_at")
            batch = list(stalled.filter(pk__gt=last_pk).values_list(*fields)[:SWEEP_BATCH])
            if not batch:
                self.settle_all(before)
                return enqueued
            live = live_jobs([row[1] for row in batch], now=now)
            sending = [row for row in batch if row[2] == OutboxState.SENDING]
            held = {
                row[0]
                for row, holds in zip(
                    sending, workers.holds([(r[3], r[4]) for r in sending], now=now), strict=True
                )
                if holds
            }
            for pk, job_id, *_rest in batch:
                if job_id in live or pk in held:
                    continue
                with transaction.atomic():
                    job = self.enqueue({"pk": pk})
                    if self.model._default_manager.filter(pk=pk, job_id=job_id).update(
                        job_id=str(job.id)
                    ):
                        enqueued += 1
                        log.warning("%s %s stalled (job %s); enqueued again", self.name, pk, job_id)
                    else:
                        transaction.set_rollback(True)  # another sweep got there first
            last_pk = batch[-1][0]

    def settle_all(self, before) -> int:
        """Settle the items sent before `before` and not settled (their worker died
        between sending and settling, or recording the consequence failed)."""
        unsettled = self.model._default_manager.filter(
            state=OutboxState.SENT, settled_at=None, sent_at__lt=before
        ).order_by("pk")
        settled, last_pk = 0, 0
        while batch := list(
            unsettled.filter(pk__gt=last_pk).values_list("pk", flat=True)[:SWEEP_BATCH]
        ):
            for pk in batch:
                try:
                    done = self.settle(pk)
                except Exception:  # noqa: BLE001, S112 — logged by settle; the next sweep retries
                    continue
                if done:
                    settled += 1
                    log.warning("%s %s was sent but not settled; settled now", self.name, pk)
            last_pk = batch[-1]
        return settled


def live_jobs(job_ids: list[str], now) -> set[str]:
    """Those of the jobs that will still run: waiting, or running in a live worker."""
    rows = DBTaskResult.objects.filter(id__in=[j for j in job_ids if j]).filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    found = list(rows.values_list("id", "status", "worker_ids", "started_at"))
    running = [r for r in found if r[1] == TaskResultStatus.RUNNING]
    holding = workers.holds([(r[2][-1] if r[2] else "", r[3]) for r in running], now=now)
    dead = {r[0] for r, holds in zip(running, holding, strict=True) if not holds}
    return {str(pk) for pk, *_ in found if pk not in dead}

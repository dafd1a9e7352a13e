"""Which workers are alive (ISO 10002 4.4: what a dead worker held is taken up again).

Every `upheld worker` beats: a row (core.WorkerBeat) it refreshes every third of
UPHELD_WORKER_LEASE_SECONDS from a thread of its own, and marks stopped when it stops.
What it holds — an outbox item it is sending, the job it runs — is a lease on that beat:
alive while the worker beats, free once it has missed the lease (killed, frozen, its
machine gone). So a killed worker's work is taken again within the lease plus one sweep
period, not after a fixed stale limit that a slow but live send could also reach.

Work held by a process that does not beat (django-tasks' own `db_worker`, a command, a
test calling the outbox directly) falls back to the old rule: free after STALE_AFTER.

`reconcile_jobs` (periodic): a job row left RUNNING by a dead worker is marked FAILED,
naming the worker and when it last beat; the outbox sweeps send its item again.
"""

import logging
import os
import socket
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerBeat

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)  # for work held by a process that does not beat
FORGET_AFTER = timedelta(days=1)
RECONCILE_BATCH = 500

_current = ""


def lease() -> timedelta:
    return timedelta(seconds=settings.UPHELD_WORKER_LEASE_SECONDS)


def current() -> str:
    """The id of the worker this process is (empty outside `upheld worker`)."""
    return _current


def alive(worker_ids: Iterable[str], *, now: datetime | None = None) -> set[str]:
    """Of these workers, those that beat and have beaten within the lease."""
    now = now or timezone.now()
    ids = {w for w in worker_ids if w}
    if not ids:
        return set()
    return set(
        WorkerBeat.objects.filter(
            worker_id__in=ids, stopped_at=None, beat_at__gte=now - lease()
        ).values_list("worker_id", flat=True)
    )


def beating(worker_ids: Iterable[str]) -> set[str]:
    """Of these workers, those that beat at all (alive or not)."""
    ids = {w for w in worker_ids if w}
    if not ids:
        return set()
    return set(WorkerBeat.objects.filter(worker_id__in=ids).values_list("worker_id", flat=True))


def holds(claims: list[tuple[str, datetime | None]], *, now: datetime | None = None) -> list[bool]:
    """For each (worker id, claimed at): whether that claim still holds. A claim younger
    than the lease always holds; then it holds while its worker beats; the claim of a
    process that never beat holds for STALE_AFTER."""
    now = now or timezone.now()
    ids = [w for w, _ in claims]
    live, known = alive(ids, now=now), beating(ids)
    result = []
    for worker, at in claims:
        if at is not None and at >= now - lease():
            result.append(True)
        elif worker in known:
            result.append(worker in live)
        else:
            result.append(at is not None and at >= now - STALE_AFTER)
    return result


class Heartbeat(threading.Thread):
    """Beats for this process's worker until stopped (then records that it stopped)."""

    def __init__(self, worker_id: str):
        super().__init__(name="upheld-heartbeat", daemon=True)
        global _current
        _current = self.worker_id = worker_id
        self._stopping = threading.Event()
        now = timezone.now()
        WorkerBeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "beat_at": now,
                "stopped_at": None,
            },
        )

    def run(self) -> None:
        every = settings.UPHELD_WORKER_LEASE_SECONDS / 3
        try:
            while not self._stopping.wait(every):
                close_old_connections()
                try:
                    WorkerBeat.objects.filter(pk=self.worker_id).update(beat_at=timezone.now())
                except Exception:  # noqa: BLE001 — try again at the next beat
                    log.exception("worker %s could not beat", self.worker_id)
        finally:
            connections.close_all()  # this thread's connections only

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(30)
        WorkerBeat.objects.filter(pk=self.worker_id).update(stopped_at=timezone.now())


class WorkerDied(Exception):
    """Recorded as the failure of a job whose worker died while running it."""


def reconcile_jobs() -> int:
    """Mark FAILED every job left RUNNING by a worker that died (or, for a process that
    never beat, RUNNING for longer than STALE_AFTER); forget workers long gone. Returns
    how many jobs were marked. Safe to run in several workers at once."""
    now = timezone.now()
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
    ).order_by("started_at")
    marked = 0
    for job in running.only("id", "worker_ids", "started_at")[:RECONCILE_BATCH]:
        worker = job.worker_ids[-1] if job.worker_ids else ""
        if holds([(worker, job.started_at)], now=now)[0]:
            continue
        beat = WorkerBeat.objects.filter(pk=worker).values_list("beat_at", flat=True).first()
        why = (
            f"worker {worker} stopped beating at {beat.isoformat()} while running this job"
            if beat
            else f"worker {worker or '(unknown)'} held this job for over {STALE_AFTER}"
        )
        marked += DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.WorkerDied",
            traceback=f"{__name__}.WorkerDied: {why}",
            return_value=None,
        )
        log.warning("job %s: %s; marked failed", job.pk, why)
    WorkerBeat.objects.filter(
        Q(stopped_at__lt=now - FORGET_AFTER) | Q(beat_at__lt=now - FORGET_AFTER)
    ).delete()
    return marked

"""Periodic jobs run by every `upheld worker` (ISO 10002 4.4: nothing waits on a person to
remember it). Apps register them in `AppConfig.ready()`:

    periodic.register("sweep-outbox", "upheld.notify.delivery.sweep", every_seconds=60)

Every worker process runs every enabled job, so with several workers a job runs several
times per period: a periodic job MUST be idempotent and safe to run concurrently with
itself (e.g. claim rows with select_for_update(skip_locked=True), or only enqueue work
whose own claim is exclusive, as `delivery.sweep` does).

Settings: UPHELD_PERIODIC_JOBS maps a job name to its period in seconds; 0 disables it
(from the environment: UPHELD_PERIODIC_JOBS="sweep-outbox=60,fetch-mail=0").
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable[[], object] | str
    every_seconds: float
    enabled: Callable[[], bool] | None = None

    def resolve(self) -> Callable[[], object]:
        return import_string(self.func) if isinstance(self.func, str) else self.func

    def run(self) -> object:
        return self.resolve()()


_registry: dict[str, PeriodicJob] = {}


def register(
    name: str,
    func: Callable[[], object] | str,
    every_seconds: float,
    *,
    enabled: Callable[[], bool] | None = None,
) -> PeriodicJob:
    """Register (or replace) a periodic job. `func` is a callable or its dotted path;
    `enabled`, when given, is asked when a worker starts (e.g. "is a mailbox set up?")."""
    if every_seconds <= 0:
        raise ValueError("every_seconds must be positive")
    job = PeriodicJob(name, func, float(every_seconds), enabled)
    _registry[name] = job
    return job


def registered() -> list[PeriodicJob]:
    return list(_registry.values())


def parse_setting(value: str) -> dict[str, float]:
    """ "sweep-outbox=60, fetch-mail=0" → {"sweep-outbox": 60.0, "fetch-mail": 0.0}"""
    periods = {}
    for item in value.split(","):
        if item.strip():
            name, _, seconds = item.partition("=")
            periods[name.strip()] = float(seconds)
    return periods


def enabled_jobs() -> list[PeriodicJob]:
    """The registered jobs this worker runs, with the periods settings give them."""
    overrides = getattr(settings, "UPHELD_PERIODIC_JOBS", {}) or {}
    if isinstance(overrides, str):
        overrides = parse_setting(overrides)
    jobs = []
    for job in _registry.values():
        every = float(overrides.get(job.name, job.every_seconds))
        if every <= 0 or (job.enabled is not None and not job.enabled()):
            continue
        jobs.append(PeriodicJob(job.name, job.func, every, job.enabled))
    return jobs


def run_once(jobs: list[PeriodicJob]) -> dict[str, object]:
    """Run each job once in this thread; a failing job is logged and the others still run."""
    results = {}
    for job in jobs:
        try:
            results[job.name] = job.run()
        except Exception:  # noqa: BLE001 — one broken job must not stop the others
            log.exception("Periodic job %s failed", job.name)
            results[job.name] = None
    return results


class Scheduler(threading.Thread):
    """Runs the jobs, each every `every_seconds`, in a daemon thread of the worker process.

    The thread has its own database connection (Django's connections are per thread); it
    is checked before and after each job like a request's, and closed when the thread
    ends. Each job first runs one period after start, so a fleet of workers restarting
    together doesn't stampede."""

    def __init__(self, jobs: list[PeriodicJob], *, run_at_start: bool = False):
        super().__init__(name="upheld-periodic", daemon=True)
        self.jobs = jobs
        self._stopping = threading.Event()
        start = time.monotonic()
        self._due = {job.name: start if run_at_start else start + job.every_seconds for job in jobs}

    def stop(self, timeout: float | None = 30) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)

    def run(self) -> None:
        try:
            while not self._stopping.is_set() and self.jobs:
                now = time.monotonic()
                for job in self.jobs:
                    if self._stopping.is_set():
                        break
                    if now >= self._due[job.name]:
                        self._run(job)
                        self._due[job.name] = time.monotonic() + job.every_seconds
                self._stopping.wait(max(min(self._due.values()) - time.monotonic(), 0.05))
        finally:
            connections.close_all()  # this thread's connections only

    def _run(self, job: PeriodicJob) -> None:
        close_old_connections()
        try:
            result = job.run()
            log.info("Periodic job %s: %s", job.name, result)
        except Exception:  # noqa: BLE001 — log it and try again next period
            log.exception("Periodic job %s failed", job.name)
        finally:
            close_old_connections()

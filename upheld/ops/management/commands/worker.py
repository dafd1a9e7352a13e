"""`upheld worker`: the background worker (ISO 10002 4.4, 7.4: what was enqueued is done).

It is django-tasks-db's `db_worker` over all queues (its Worker class: claiming a job is
`select_for_update(skip_locked=True)` on PostgreSQL and an exclusive transaction on
SQLite, so any number of workers on any number of machines share the queue and each job
runs once), plus a scheduler thread that runs the registered periodic jobs
(`upheld.core.periodic`) every so often.

    upheld worker                 run until SIGTERM / Ctrl+C
    upheld worker --batch         run the periodic jobs once, do every ready job, exit
    upheld worker --no-periodic   jobs only

SIGTERM / SIGINT stop it gracefully: the job running is finished, an idle worker stops
within --interval seconds; a second signal stops it at once.
"""

import logging
import signal
from types import FrameType

from django.core.management.base import CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from upheld.core import periodic, workers

log = logging.getLogger("upheld.ops.worker")
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, name)
)


class GracefulWorker(db_worker.Worker):
    """db_worker's Worker, stopping only between jobs and claims.

    The upstream handler raises SystemExit at once when no job is running, which can land
    in the middle of the claim transaction (a job left claimed by nobody). Here the first
    signal only ends the loop: an idle worker leaves its sleep within --interval seconds."""

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            super().shutdown(signum, frame)  # second signal: terminate now
            return
        log.warning(
            "Received %s - stopping after the current job (again to force)",
            signal.strsignal(signum),
        )
        self.running = False

    def configure_signals(self) -> None:
        self._previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
        for sig in STOP_SIGNALS:
            signal.signal(sig, self.shutdown)

    def reset_signals(self) -> None:
        """Put back the handlers that were there before (not SIG_DFL: an embedding process,
        such as a test run or `upheld serve`, keeps its own)."""
        for sig, handler in getattr(self, "_previous", {}).items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


class Command(db_worker.Command):
    help = (
        "Run the Upheld background worker: every queue, plus the periodic jobs "
        "(outbox sweep, mailbox fetch, ...)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="run_periodic",
            help="don't run the periodic jobs in this worker",
        )

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("upheld.core.periodic", log.name):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.hasHandlers():
                logger.addHandler(logging.StreamHandler(self.stdout))

    def handle(
        self,
        *,
        verbosity: int = 1,
        queue_name: str = "*",
        interval: float = 1,
        batch: bool = False,
        backend_name: str = "default",
        startup_delay: bool = True,
        reload: bool = False,
        max_tasks: int | None = None,
        worker_id: str = "",
        exclude_queues: str = "",
        run_periodic: bool = True,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if reload:
            raise CommandError("upheld worker does not reload; restart it after a change.")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and queue_name != "*":
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = GracefulWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay and not batch,
            max_tasks=max_tasks,
            worker_id=worker_id or get_random_string(32),
            excluded_queue_names=excluded,
        )
        # What this worker claims holds while it beats (ISO 10002 4.4: a killed worker's
        # messages and jobs are taken again within the lease).
        heartbeat = workers.Heartbeat(worker.worker_id)
        heartbeat.start()

        jobs = periodic.enabled_jobs() if run_periodic else []
        if batch:
            periodic.run_once(jobs)
            jobs = []
        scheduler = periodic.Scheduler(jobs) if jobs else None
        if scheduler is not None:
            log.info(
                "Periodic jobs: %s",
                ", ".join(f"{job.name} every {job.every_seconds:g}s" for job in jobs),
            )
            scheduler.start()
        try:
            worker.configure_signals()
            worker.run()
        finally:
            worker.reset_signals()
            if scheduler is not None:
                scheduler.stop()
                log.info("Periodic jobs stopped.")
            heartbeat.stop()

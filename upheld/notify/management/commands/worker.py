"""`upheld worker`: the background worker (ISO 10002 4.4, 7.4: what was enqueued is done).

It is django-tasks-db's `db_worker` over all queues (the same Worker class: claiming a job
is its `select_for_update(skip_locked=True)` on PostgreSQL and an exclusive transaction on
SQLite, so any number of workers on any number of machines share the queue and each job
runs once), plus a scheduler thread that runs the registered periodic jobs
(`upheld.notify.periodic`) every so often.

    upheld worker                 run until SIGTERM / Ctrl+C (finishes the current job)
    upheld worker --batch         run the periodic jobs once, do every ready job, exit
    upheld worker --no-periodic   jobs only (e.g. on extra machines)
"""

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from upheld.notify import periodic

log = logging.getLogger("upheld.notify.worker")


class Command(db_worker.Command):
    help = ("Run the Upheld background worker: every queue, plus the periodic jobs "
            "(outbox sweep, mailbox fetch, ...).")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        parser.add_argument("--no-periodic", action="store_false", dest="run_periodic",
                            help="don't run the periodic jobs in this worker")

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        level = {0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("upheld.notify.periodic", log.name):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            if not logger.hasHandlers():
                logger.addHandler(logging.StreamHandler(self.stdout))

    def handle(self, *args, run_periodic: bool = True, **options):
        batch, reload = options.get("batch", False), options.get("reload", False)
        jobs = periodic.enabled_jobs() if run_periodic else []
        self.configure_logging(options.get("verbosity", 1))
        if jobs and batch:
            periodic.run_once(jobs)
            jobs = []
        if reload and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            jobs = []  # the autoreloader's parent only watches files; its child does the work
        scheduler = periodic.Scheduler(jobs) if jobs else None
        if scheduler is not None:
            log.info("Periodic jobs: %s", ", ".join(
                f"{job.name} every {job.every_seconds:g}s" for job in jobs))
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
                log.info("Periodic jobs stopped.")


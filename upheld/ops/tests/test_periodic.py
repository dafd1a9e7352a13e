"""ISO 10002 4.4: periodic jobs (the outbox sweep, later the mailbox fetch) run inside every
`upheld worker`, each on its own period, in a thread with its own database connection."""

import threading

import pytest
from django.core.management import call_command
from django.db import connections

from upheld.core import periodic


@pytest.fixture
def registry():
    """The periodic registry as the apps left it, restored after the test."""
    saved = dict(periodic._registry)
    yield periodic
    periodic._registry.clear()
    periodic._registry.update(saved)


def test_the_outbox_sweep_runs_often_enough_to_retake_a_dead_workers_work_within_a_minute(
    registry, settings
):
    settings.UPHELD_PERIODIC_JOBS = ""
    periods = {job.name: job.every_seconds for job in registry.enabled_jobs()}
    for name in ("sweep-outbox", "sweep-webhooks", "reconcile-jobs"):
        assert periods[name] + settings.UPHELD_WORKER_LEASE_SECONDS < 60
    [sweep] = [job for job in registry.enabled_jobs() if job.name == "sweep-outbox"]
    from upheld.notify.delivery import sweep as sweep_function

    assert sweep.resolve() is sweep_function


def test_settings_change_a_period_or_switch_a_job_off(registry, settings):
    registry.register("fetch-mail", lambda: None, every_seconds=120)
    registry.register("report", lambda: None, every_seconds=3600)

    settings.UPHELD_PERIODIC_JOBS = "fetch-mail=30, report=0"
    periods = {job.name: job.every_seconds for job in registry.enabled_jobs()}
    assert periods["fetch-mail"] == 30
    assert "report" not in periods

    settings.UPHELD_PERIODIC_JOBS = {"sweep-outbox": 0}
    assert "sweep-outbox" not in {job.name for job in registry.enabled_jobs()}


def test_a_job_can_enable_itself_only_when_it_is_set_up(registry, settings):
    settings.UPHELD_PERIODIC_JOBS = ""
    registry.register("fetch-mail", lambda: None, every_seconds=60, enabled=lambda: False)
    assert "fetch-mail" not in {job.name for job in registry.enabled_jobs()}
    with pytest.raises(ValueError):
        registry.register("never", lambda: None, every_seconds=0)


def test_the_scheduler_runs_each_job_repeatedly_in_its_own_thread_and_connection(
    registry, transactional_db
):
    runs, ran_twice = [], threading.Event()
    used = []

    def job():
        own = connections["default"]  # Django's connections are per thread
        with own.cursor() as cursor:
            cursor.execute("SELECT 1")
        used.append(own)
        runs.append(threading.current_thread().name)
        if len(runs) >= 2:
            ran_twice.set()

    def broken():
        raise RuntimeError("this job always fails")

    jobs = [periodic.PeriodicJob("broken", broken, 0.01), periodic.PeriodicJob("probe", job, 0.01)]
    scheduler = periodic.Scheduler(jobs, run_at_start=True)
    scheduler.start()
    try:
        assert ran_twice.wait(timeout=30), "the job did not run twice"
    finally:
        scheduler.stop()

    assert not scheduler.is_alive()
    assert set(runs) == {"upheld-periodic"}  # a broken job doesn't stop the others
    thread_connection = used[0]
    assert thread_connection is not connections["default"]  # not the test's connection
    assert thread_connection.connection is None  # closed when the thread ended


def test_worker_batch_runs_the_periodic_jobs_once_then_the_ready_jobs(
    registry, settings, run_worker
):
    settings.UPHELD_PERIODIC_JOBS = ""
    runs = []
    registry.register("count", lambda: runs.append(1), every_seconds=3600)

    call_command("worker", batch=True, interval=0, startup_delay=False, verbosity=0)
    assert runs == [1]
    call_command(
        "worker", batch=True, interval=0, startup_delay=False, verbosity=0, run_periodic=False
    )
    assert runs == [1]

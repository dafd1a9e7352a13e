"""`upheld serve`: the web app on a production WSGI server (waitress) plus one background
worker process, started together and stopped together.

The worker runs in its own session so that Ctrl-C reaches only this process, which then
asks the worker once (SIGTERM) to finish its current job and stop: a second signal would
make the worker abandon the job half-way.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

log = logging.getLogger("upheld.serve")

RESTART_DELAY = 5.0
STOP_TIMEOUT = 30.0


def worker_command() -> list[str]:
    """`upheld worker` when it exists, else django-tasks' own `db_worker` on every queue."""
    from django.core.management import get_commands

    if "worker" in get_commands():
        return [sys.executable, "-m", "upheld", "worker"]
    return [sys.executable, "-m", "upheld", "db_worker", "--queue-name", "*"]


class WorkerProcess:
    """Runs the worker command and starts it again if it dies while we are serving."""

    def __init__(self, command: list[str], say: Callable[[str], None]):
        self.command = command
        self.say = say
        self.process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="worker-watch", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._watcher.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, start_new_session=True)
        self.say(f"Worker started (pid {self.process.pid}): {' '.join(self.command[2:])}")

    def _watch(self) -> None:
        while not self._stopping.is_set():
            code = self.process.wait()
            if self._stopping.is_set():
                return
            self.say(f"Worker exited with code {code}; starting it again in {RESTART_DELAY:g}s.")
            if self._stopping.wait(RESTART_DELAY):
                return
            self._spawn()

    def stop(self) -> int | None:
        self._stopping.set()
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.say("Worker did not stop in time; killing it.")
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM stop the server: waitress shuts down on KeyboardInterrupt. SIGINT
    is set explicitly because a process started in the background inherits it ignored."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def site_url(host: str, port: int) -> str:
    """The address links point to when UPHELD_SITE_URL is not set: the one served on
    (a wildcard address is reached as localhost)."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 — naming the wildcard, not binding it
        host = "localhost"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def follow_address(host: str, port: int) -> str:
    """Links (tracking links, API URLs) follow the address served on unless
    UPHELD_SITE_URL says otherwise; the worker started below inherits it."""
    from django.conf import settings

    if not os.environ.get("UPHELD_SITE_URL"):
        os.environ["UPHELD_SITE_URL"] = settings.SITE_URL = site_url(host, port)
    return settings.SITE_URL


def serve(
    *, host: str, port: int, threads: int, with_worker: bool, say: Callable[[str], None]
) -> None:
    from waitress.server import create_server

    from upheld.project.wsgi import application

    follow_address(host, port)

    server = create_server(application, host=host, port=port, threads=threads, ident="Upheld")
    worker = WorkerProcess(worker_command(), say) if with_worker else None
    _stop_on_signals()
    try:
        if worker is not None:
            worker.start()
        say(f"Upheld is serving on http://{host}:{port}/  (Ctrl-C stops it)")
        server.run()  # returns on KeyboardInterrupt (Ctrl-C or SIGTERM)
    except KeyboardInterrupt:
        pass
    finally:
        say("Stopping…")
        started = time.monotonic()
        server.close()
        if worker is not None:
            code = worker.stop()
            say(f"Worker stopped (exit code {code}) in {time.monotonic() - started:.1f}s.")

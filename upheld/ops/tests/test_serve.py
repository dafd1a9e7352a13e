"""`upheld serve`: the app answers over HTTP from a real WSGI server with a background
worker beside it, and Ctrl-C or SIGTERM stops both cleanly."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from upheld.testing import free_port

UPHELD = [sys.executable, "-m", "upheld"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=5) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    """A scratch installation of its own (SQLite file), never the developer's data."""
    data = tmp_path_factory.mktemp("serve")
    env = {
        k: v for k, v in os.environ.items() if k not in ("UPHELD_TEST_SQLITE", "UPHELD_SITE_URL")
    }
    env.update(
        UPHELD_DATA_DIR=str(data),
        DATABASE_URL=f"sqlite:///{data / 'upheld.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    subprocess.run([*UPHELD, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=120)
    return env


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_with_a_worker_beside_it_and_stops_both(site, tmp_path, stop_signal):
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*UPHELD, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=site,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        worker_pid = int(
            wait_for(lambda: re.search(r"Worker started \(pid (\d+)\)", log.read_text()))[1]
        )
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base + "/admin/login/"))

        status, home = fetch(base + "/")
        assert status == 302 and fetch(base + home)[0] == 200, log.read_text()  # useful "/"
        assert fetch(base + "/admin/login/")[0] == 200
        assert alive(worker_pid)
        # Links follow the address served on: the worker, which writes the e-mails, has it.
        environ = open(f"/proc/{worker_pid}/environ", "rb").read().split(b"\0")  # noqa: PTH123
        assert f"UPHELD_SITE_URL=http://127.0.0.1:{port}".encode() in environ

        server.send_signal(stop_signal)
        assert server.wait(timeout=60) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert not alive(worker_pid)
    assert "Worker stopped" in log.read_text()


def _answers(url: str) -> bool:
    try:
        return fetch(url)[0] == 200
    except OSError:
        return False


def test_links_follow_the_address_served_on_unless_the_site_url_is_set(settings, monkeypatch):
    """`PORT=8101 make run`: the tracking links say :8101 (issue 7, point 9)."""
    from upheld.notify.outbox import tracking_url
    from upheld.ops.server import follow_address

    monkeypatch.delenv("UPHELD_SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"  # what settings.py derives; restored after
    assert follow_address("127.0.0.1", 8101) == "http://127.0.0.1:8101"
    assert tracking_url("s3cret") == "http://127.0.0.1:8101/track/s3cret"
    assert follow_address("localhost", 8102) == "http://127.0.0.1:8101"  # set once, kept

    monkeypatch.setenv("UPHELD_SITE_URL", "https://complaints.example.com")
    settings.SITE_URL = "https://complaints.example.com"
    assert follow_address("127.0.0.1", 8103) == "https://complaints.example.com"
    assert tracking_url("s3cret") == "https://complaints.example.com/track/s3cret"

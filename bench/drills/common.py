"""What the drills share: a scratch PostgreSQL database of their own, `upheld` processes
pointed at it, a real SMTP server (aiosmtpd) that counts what it receives, and a staff
user with an API token. Nothing here touches the database of DATABASE_URL itself."""

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from scratch import Scratch  # noqa: E402

UPHELD = [sys.executable, "-m", "upheld"]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """A real SMTP server on loopback that keeps the recipients of what it accepts."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.received: Counter = Counter()
        self._controller = None
        self._cls = Controller

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd hook
        for rcpt in envelope.rcpt_tos:
            self.received[rcpt] += 1
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = self._cls(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class Drill:
    """A scratch database (NAME on the server of DATABASE_URL), migrated, with the env
    for `upheld` processes; Django set up in this process against it."""

    def __init__(self, name: str, mailbox: Mailbox, **env: str) -> None:
        configured = os.environ.get("DATABASE_URL", "")
        if not configured.startswith(("postgres://", "postgresql://")):
            raise SystemExit(
                "set DATABASE_URL to a PostgreSQL server; the drill makes its own database"
            )
        self.tmp = Path(tempfile.mkdtemp(prefix="upheld-drill-"))
        self.scratch = Scratch.beside(configured, self.tmp, name)
        self.scratch.create()
        self.env = {
            **os.environ,
            "DATABASE_URL": self.scratch.url,
            "UPHELD_DATA_DIR": str(self.tmp),
            "SECRET_KEY": "drill-secret-key-" + "x" * 40,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mailbox.port),
            "EMAIL_TIMEOUT": "5",
            "DJANGO_SETTINGS_MODULE": "upheld.project.settings",
            **env,
        }
        subprocess.run([*UPHELD, "migrate", "-v", "0"], env=self.env, check=True, cwd=ROOT)
        shared = ("DATABASE_URL", "UPHELD_DATA_DIR", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
        os.environ.update({k: self.env[k] for k in shared})
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def start(self, *args: str, log: str = "") -> subprocess.Popen:
        out = open(self.tmp / (log or args[0] + ".log"), "a")  # noqa: SIM115 — kept by the child
        return subprocess.Popen(
            [*UPHELD, *args], env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )

    def api_token(self) -> str:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from upheld.api.models import ApiToken
        from upheld.complaints.roles import HANDLER

        user, _ = get_user_model().objects.get_or_create(username="drill-api")
        user.groups.add(Group.objects.get(name=HANDLER))
        return ApiToken.issue(user, name="drill")[1]

    def drop(self) -> None:
        from django.db import connections

        connections.close_all()
        self.scratch.drop()


class InProcess:
    """A scratch database (NAME) beside DATABASE_URL's — PostgreSQL, or SQLite in a
    temporary directory when DATABASE_URL is unset or SQLite — migrated, with Django set up
    in this process against it: for the drills that call the application in-process (its
    WSGI application or Django's test client) rather than through `upheld serve`."""

    def __init__(self, name: str) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="upheld-drill-"))
        self.scratch = Scratch.beside(os.environ.get("DATABASE_URL", ""), self.tmp, name)
        self.scratch.create()
        os.environ.update(
            {
                "DATABASE_URL": self.scratch.url,
                "UPHELD_DATA_DIR": str(self.tmp),
                "SECRET_KEY": "drill-secret-key-" + "x" * 40,
                "DJANGO_SETTINGS_MODULE": "upheld.project.settings",
            }
        )
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)

    def describe(self) -> str:
        return self.scratch.describe()

    def drop(self) -> None:
        from django.db import connections

        connections.close_all()
        self.scratch.drop()


def wait_until(condition, timeout: float, every: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def outcome() -> dict:
    """What the database says after a drill: complaints, messages and jobs by state."""
    from django_tasks_db.models import DBTaskResult

    from upheld.complaints.models import Complaint, Event
    from upheld.notify.models import Message

    return {
        "complaints": Complaint.objects.count(),
        "acknowledged events": Event.objects.filter(kind="acknowledged").count(),
        "complaints acknowledged": Complaint.objects.exclude(acknowledged_at=None).count(),
        "messages": dict(Counter(Message.objects.values_list("state", flat=True))),
        "messages sent, not settled": Message.objects.filter(state="sent", settled_at=None).count(),
        "jobs": dict(Counter(DBTaskResult.objects.values_list("status", flat=True))),
    }


def verify_trail(drill: Drill) -> str:
    done = subprocess.run(
        [*UPHELD, "verify-trail", "--no-progress"],
        env=drill.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return (done.stdout + done.stderr).strip().splitlines()[-1]


def machine() -> str:
    """The load the figures were measured under (shared machines vary)."""
    one, five, fifteen = os.getloadavg()
    return f"{os.cpu_count()} CPUs, load average {one:.1f} {five:.1f} {fifteen:.1f}"


def report(title: str, *lines: str) -> None:
    print(title)
    print(f"  machine: {machine()}")
    for line in lines:
        print(f"  {line}")

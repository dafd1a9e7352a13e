"""A worker killed (SIGKILL) after acting on a breached limit but before its transaction
commits leaves nothing behind, and the next pass sends the escalation exactly once (ISO
10002 4.4: a limit cannot be missed silently because a worker died)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

PYTHON = [sys.executable, "-c"]
SETUP = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
django.setup()
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from upheld.complaints import lifecycle
from upheld.complaints.roles import COMPLAINTS_MANAGER
"""
RECEIVE = (
    SETUP
    + """
manager = User.objects.create_user("cm", email="cm@bank.test")
manager.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
c = lifecycle.receive(
    channel="phone", description="Charged twice.", by=manager,
    complainant={"name": "Ada", "phone": "+44 20 7946 0000"},
    product="Current account", remedy_sought="Refund.",
    received_at=timezone.now() - timedelta(days=3),
)
print(c.reference)
"""
)
DOOMED = (
    SETUP
    + """
import sys, time
from django.db import transaction
from upheld.complaints.lifecycle.alerts import run_due_points
with transaction.atomic():
    print("acted", run_due_points(), flush=True)
    time.sleep(300)  # killed here, before the commit
"""
)
PASS = (
    SETUP
    + """
import json
from upheld.complaints.lifecycle.alerts import run_due_points
from upheld.complaints.models import Event
from upheld.notify.models import Message
def count():
    return [Event.objects.filter(kind="time_limit_escalated").count(),
            Message.objects.filter(kind="time_limit_escalation").count()]
before = count()
run_due_points()
once = count()
run_due_points()
print(json.dumps({"before": before, "once": once, "twice": count()}))
"""
)


@pytest.fixture
def site(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "UPHELD_TEST_SQLITE"}
    env.update(
        UPHELD_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'upheld.sqlite3'}",
        PYTHONUNBUFFERED="1",
    )
    subprocess.run(
        [sys.executable, "-m", "upheld", "migrate", "--noinput", "-v", "0"],
        env=env,
        check=True,
        timeout=300,
    )
    return env


def run(site, script: str) -> str:
    done = subprocess.run([*PYTHON, script], env=site, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_worker_killed_before_its_escalation_commits_is_made_good_exactly_once(site):
    run(site, RECEIVE)
    doomed = subprocess.Popen(
        [*PYTHON, DOOMED], env=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = doomed.stdout.readline()  # it acted, inside its open transaction
        assert line.startswith("acted"), doomed.stderr.read()
        assert int(line.split()[1]) >= 1
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        if doomed.poll() is None:
            doomed.kill()
    time.sleep(0.2)
    counts = json.loads(run(site, PASS))
    assert counts["before"] == [0, 0], "the killed worker's work was rolled back"
    assert counts["once"] == [1, 1], "the next pass escalates"
    assert counts["twice"] == [1, 1], "and never again"

"""ISO 10002 4.4, 7.4: a worker killed with SIGKILL at the worst moment loses nothing.

A real worker process (paused_worker.py) stops at a point of delivery and is killed there;
then a healthy `upheld worker` takes over. Killed after the mail went out but before the
acknowledgement was recorded, the complaint is still acknowledged, once; killed while
sending, the message is sent by the other worker within the lease, not after ten
minutes; either way the killed worker's job row does not stay RUNNING."""

import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upheld.complaints.models import Complaint, Event
from upheld.notify.models import Message, MessageState

from .processes import start_upheld, upheld_env
from .test_worker import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
LEASE = "2"  # seconds: the workers' lease in these tests


@pytest.fixture
def workers(transactional_db, smtp_server, tmp_path):
    """Start the paused worker or a healthy one, both sending to the test SMTP server;
    whatever still runs at the end is killed."""
    processes = []
    env = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_TIMEOUT": "5",
        "UPHELD_DELIVERY_BACKOFF_BASE": "0",
        "UPHELD_WORKER_LEASE_SECONDS": LEASE,
        "UPHELD_PERIODIC_JOBS": "sweep-outbox=1,reconcile-jobs=1,sweep-webhooks=0",
    }

    def paused_at(point: str) -> subprocess.Popen:
        script = Path(__file__).with_name("paused_worker.py")
        process = subprocess.Popen(
            [sys.executable, str(script), point],
            env=upheld_env(tmp_path, **env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        processes.append(process)
        wait_for_line(process, f"PAUSED {point}")
        return process

    def healthy() -> subprocess.Popen:
        process = start_upheld("worker", "--interval", "0.1", data_dir=tmp_path, **env)
        processes.append(process)
        return process

    yield paused_at, healthy
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def wait_for_line(process: subprocess.Popen, expected: str, timeout: float = 60) -> None:
    """Read the process's output (in a thread: a buffered pipe can hold the line while
    select() says there is nothing to read) until a line has `expected` in it."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    deadline, seen = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if expected in line:
            return
    raise AssertionError(f"the worker never said {expected!r}: {''.join(seen)}")


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def the_killed_job(message: Message) -> DBTaskResult:
    [job] = [j for j in DBTaskResult.objects.all() if any("doomed" in w for w in j.worker_ids)]
    return job


def test_killed_after_sending_before_recording_the_acknowledgement_it_is_recorded_once(
    workers, make_complaint, smtp_server
):
    paused_at, healthy = workers
    complaint = make_complaint()
    kill(paused_at("after-send"))

    message = Message.objects.get(complaint=complaint)
    assert message.state == MessageState.SENT
    assert len(smtp_server.to(complaint.complainant.email)) == 1
    assert Complaint.objects.get(pk=complaint.pk).acknowledged_at is None

    worker = healthy()
    wait_for(
        lambda: Complaint.objects.get(pk=complaint.pk).acknowledged_at is not None,
        timeout=30,
        what="the sweep to record the acknowledgement",
    )
    wait_for(
        lambda: the_killed_job(message).status == TaskResultStatus.FAILED,
        timeout=30,
        what="the killed worker's job to be marked failed",
    )
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=60)

    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    assert Event.objects.filter(complaint=complaint, kind="acknowledged").count() == 1
    assert len(smtp_server.to(complaint.complainant.email)) == 1
    job = the_killed_job(message)
    assert "doomed-after-send stopped beating" in job.traceback
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


def test_killed_while_sending_the_message_is_sent_by_another_worker_within_the_lease(
    workers, make_complaint, smtp_server
):
    paused_at, healthy = workers
    complaints = [
        make_complaint(complainant={"name": f"Person {i}", "email": f"p{i}@example.org"})
        for i in range(3)
    ]
    kill(paused_at("mid-send"))
    killed_at = time.monotonic()
    assert Counter(Message.objects.values_list("state", flat=True))[MessageState.SENDING] == 1

    worker = healthy()
    wait_for(
        lambda: not Message.objects.exclude(state=MessageState.SENT).exists(),
        timeout=45,
        what="every message to be sent",
    )
    retaken_after = time.monotonic() - killed_at
    wait_for(
        lambda: Event.objects.filter(kind="acknowledged").count() == len(complaints),
        timeout=30,
        what="every acknowledgement to be recorded",
    )
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=60)

    assert retaken_after < 20  # the lease (2 s) and a sweep, not the ten-minute stale limit
    recipients = Counter(mail["To"] for mail in smtp_server.messages)
    assert recipients == Counter({c.complainant.email: 1 for c in complaints})
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()

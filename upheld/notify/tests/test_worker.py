"""`upheld worker` as a real process (ISO 10002 4.4, 7.4): it delivers what `receive`
enqueued, stops cleanly on SIGTERM, and several workers at once send each message once.

The tests commit their data (transaction=True) so the worker processes, pointed at the test
database through DATABASE_URL, see it."""

import signal
import time
from collections import Counter

import pytest
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upheld.complaints.models import Complaint, Event
from upheld.notify.delivery import OUTBOX
from upheld.notify.models import Message, MessageState

from .processes import start_upheld

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout: float = 60, what: str = "condition", state=None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; {state() if state else ''}")
        time.sleep(0.1)


@pytest.fixture
def start_worker(transactional_db, smtp_server, tmp_path):
    """Start `upheld worker` processes that send to the test SMTP server; any still running
    at the end are killed before the test database is flushed."""
    processes = []

    def start(*args: str):
        process = start_upheld(
            "worker",
            "--interval",
            "0.1",
            *args,
            data_dir=tmp_path,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_server.port),
            EMAIL_TIMEOUT="5",
            UPHELD_DELIVERY_BACKOFF_BASE="0",
            UPHELD_PERIODIC_JOBS="sweep-outbox=1",
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def queue_state() -> str:
    messages = Counter(Message.objects.values_list("state", flat=True))
    jobs = Counter(DBTaskResult.objects.values_list("status", flat=True))
    return f"messages {dict(messages)}, jobs {dict(jobs)}"


def stop(process) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    return output


def test_the_worker_delivers_the_acknowledgement_and_stops_cleanly_on_sigterm(
    start_worker, make_complaint, smtp_server
):
    worker = start_worker()
    complaint = make_complaint()

    wait_for(lambda: smtp_server.to(complaint.complainant.email), what="the acknowledgement")
    wait_for(
        lambda: Complaint.objects.get(pk=complaint.pk).acknowledged_at is not None,
        what="the complaint to be acknowledged",
    )
    output = stop(worker)

    assert "sweep-outbox every 1s" in output
    assert "Received Terminated - stopping after the current job" in output
    assert "Periodic jobs stopped." in output
    assert "Traceback" not in output
    [mail] = smtp_server.to(complaint.complainant.email)
    assert complaint.reference in mail["Subject"]


def test_two_workers_deliver_each_acknowledgement_exactly_once(
    start_worker, make_complaint, smtp_server
):
    complaints = [
        make_complaint(complainant={"name": f"Complainant {i}", "email": f"person{i}@example.org"})
        for i in range(12)
    ]
    for message in Message.objects.all():  # duplicate jobs: the workers race for each message
        OUTBOX.enqueue({"pk": message.pk})
        OUTBOX.enqueue({"message_id": message.message_id})
    workers = [start_worker("--worker-id", "first"), start_worker("--worker-id", "second")]

    def all_delivered():
        return (
            not Message.objects.exclude(state=MessageState.SENT).exists()
            and not DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            ).exists()
        )

    wait_for(all_delivered, what="every acknowledgement to be delivered", state=queue_state)
    for worker in workers:
        stop(worker)

    recipients = Counter(mail["To"] for mail in smtp_server.messages)
    assert recipients == Counter({c.complainant.email: 1 for c in complaints})
    assert Event.objects.filter(kind="acknowledged").count() == len(complaints)
    claims = DBTaskResult.objects.values_list("worker_ids", flat=True)
    assert all(len(ids) == 1 and ids[0] in {"first", "second"} for ids in claims)
    assert Counter(DBTaskResult.objects.values_list("return_value", flat=True)) == {
        "sent": len(complaints),
        "nothing to do": 2 * len(complaints),
    }

"""ISO 10002 7.4: a message that went out has its consequence recorded exactly once — by
the worker that sent it, or by the sweep when that worker died between the two steps or
recording failed — always through the lifecycle's move. And the leases: what a worker
holds is free once it stops beating."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upheld.complaints.models import Complaint
from upheld.core import workers
from upheld.core.models import WorkerBeat
from upheld.notify import delivery
from upheld.notify.models import Message, MessageState
from upheld.notify.signals import message_delivered

LONG_AGO = timedelta(minutes=2)  # longer than the lease


def sent_unsettled(complaint) -> Message:
    """What a worker killed between sending and recording leaves behind."""
    message = Message.objects.get(complaint=complaint, kind="acknowledgement")
    Message.objects.filter(pk=message.pk).update(
        state=MessageState.SENT, sent_at=timezone.now() - LONG_AGO, settled_at=None
    )
    return message


def test_the_sweep_records_the_acknowledgement_of_a_message_sent_but_not_settled(
    make_complaint, smtp_server
):
    complaint = make_complaint()
    message = sent_unsettled(complaint)

    delivery.sweep()
    delivery.sweep()

    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    assert complaint.events.filter(kind="acknowledged").count() == 1
    message.refresh_from_db()
    assert message.settled_at is not None
    assert smtp_server.messages == []  # recorded, not sent again


def test_a_message_just_sent_is_left_to_the_worker_that_sent_it(make_complaint):
    complaint = make_complaint()
    message = sent_unsettled(complaint)
    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now())

    delivery.sweep()

    assert Complaint.objects.get(pk=complaint.pk).acknowledged_at is None


def test_settling_twice_records_once(make_complaint):
    complaint = make_complaint()
    message = sent_unsettled(complaint)

    assert delivery.OUTBOX.settle(message.pk) is True
    assert delivery.OUTBOX.settle(message.pk) is False

    assert complaint.events.filter(kind="acknowledged").count() == 1


def test_when_recording_fails_the_message_stays_unsettled_and_a_later_sweep_records_it(
    make_complaint, smtp_server
):
    complaint = make_complaint()

    def broken_receiver(sender, message, **kwargs):
        raise RuntimeError("the trail could not be written")

    message_delivered.connect(broken_receiver, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError):
            delivery.deliver(Message.objects.get(complaint=complaint).pk)
    finally:
        message_delivered.disconnect(dispatch_uid="test.broken")
    message = Message.objects.get(complaint=complaint)
    assert (message.state, message.settled_at) == (MessageState.SENT, None)

    Message.objects.filter(pk=message.pk).update(sent_at=timezone.now() - LONG_AGO)
    delivery.sweep()

    assert complaint.events.filter(kind="acknowledged").count() == 1
    assert len(smtp_server.messages) == 1


def beat(worker_id: str, ago: timedelta, stopped: bool = False) -> None:
    at = timezone.now() - ago
    WorkerBeat.objects.create(
        worker_id=worker_id, started_at=at, beat_at=at, stopped_at=at if stopped else None
    )


def test_a_claim_holds_while_its_worker_beats_and_not_after(db):
    beat("live", timedelta(seconds=1))
    beat("dead", LONG_AGO)
    beat("stopped", timedelta(seconds=1), stopped=True)
    claimed = timezone.now() - LONG_AGO

    holds = workers.holds(
        [("live", claimed), ("dead", claimed), ("stopped", claimed), ("dead", timezone.now())]
    )

    assert holds == [True, False, False, True]  # a fresh claim holds for one lease anyway


def test_a_claim_by_a_process_that_never_beat_holds_for_the_stale_limit(db):
    now = timezone.now()
    assert workers.holds([("", now - LONG_AGO), ("", now - timedelta(minutes=11))]) == [
        True,
        False,
    ]


def test_a_job_left_running_by_a_dead_worker_is_marked_failed(make_complaint):
    complaint = make_complaint()
    message = Message.objects.get(complaint=complaint)
    beat("gone", LONG_AGO)
    beat("here", timedelta(seconds=1))
    DBTaskResult.objects.filter(id=message.job_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - LONG_AGO, worker_ids=["gone"]
    )
    other = delivery.OUTBOX.enqueue({"pk": message.pk})
    DBTaskResult.objects.filter(id=other.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - LONG_AGO, worker_ids=["here"]
    )

    assert workers.reconcile_jobs() == 1
    assert workers.reconcile_jobs() == 0

    dead = DBTaskResult.objects.get(id=message.job_id)
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == "upheld.core.workers.WorkerDied"
    assert "worker gone stopped beating" in dead.traceback
    assert DBTaskResult.objects.get(id=other.id).status == TaskResultStatus.RUNNING

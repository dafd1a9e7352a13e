"""ISO 10002 4.4 / 7.4: every complaint that exists gets its acknowledgement, exactly once,
however long the mail server is down; a message that can't be delivered fails visibly.
Mail goes to a real SMTP server on loopback; jobs run in the real worker."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from upheld.complaints.events import data_of
from upheld.complaints.models import Complaint, Event
from upheld.complaints.verification import verify_all
from upheld.core.outbox import backoff
from upheld.notify import delivery
from upheld.notify.models import Message, MessageState
from upheld.notify.signals import message_delivered

LONG_AGO = timedelta(minutes=11)  # longer than outbox.STALE_AFTER


@pytest.fixture
def worker(run_worker):
    """`upheld worker --batch` (run_worker neutralises the close of the test connection)."""

    def run(**options):
        call_command("worker", batch=True, interval=0, startup_delay=False, verbosity=0, **options)

    return run


def receive_several(make_complaint, count: int) -> list[Complaint]:
    return [
        make_complaint(complainant={"name": f"Complainant {i}", "email": f"person{i}@example.org"})
        for i in range(count)
    ]


def acknowledgement(complaint) -> Message:
    return Message.objects.get(complaint=complaint, kind="acknowledgement")


def test_while_the_mail_server_is_down_acknowledgements_wait_and_then_go_exactly_once(
    make_complaint, smtp_server, worker, settings
):
    settings.UPHELD_DELIVERY_MAX_ATTEMPTS = 50
    smtp_server.stop()
    complaints = receive_several(make_complaint, 4)

    worker(max_tasks=8)  # eight attempts against a dead server: every one fails
    assert smtp_server.messages == []
    assert set(Message.objects.values_list("state", flat=True)) == {MessageState.QUEUED}
    assert sum(Message.objects.values_list("attempts", flat=True)) == 8

    smtp_server.start()
    worker()

    for complaint in complaints:
        [mail] = smtp_server.to(complaint.complainant.email)
        assert complaint.reference in mail["Subject"]
        message = acknowledgement(complaint)
        assert message.state == MessageState.SENT
        assert mail["Message-ID"].strip() == message.message_id
        complaint.refresh_from_db()
        assert complaint.status == "acknowledged"
        assert complaint.events.filter(kind="acknowledged").count() == 1
    assert len(smtp_server.messages) == len(complaints)
    assert max(Message.objects.values_list("attempts", flat=True)) > 1
    assert all(found is None for _, found in verify_all())


def test_the_acknowledgement_says_what_happens_next_in_english(
    make_complaint, smtp_server, worker, org
):
    complaint = make_complaint(
        complainant={"name": "Ada Lovelace", "email": "ada@example.org", "preferred_language": "en"}
    )
    worker()

    [mail] = smtp_server.to("ada@example.org")
    body = mail.get_content()
    assert mail["Subject"] == f"We have received your complaint {complaint.reference}"
    assert "Dear Ada Lovelace," in body
    assert f"gave it the reference {complaint.reference}" in body
    assert "What happens next" in body
    assert f"/track/{complaint.secret}" in body
    assert mail["Auto-Submitted"] == "auto-generated"
    # Written from the letters' template (ISO default, English) and kept with its version.
    letter = complaint.letters.get(kind="acknowledgement")
    assert (letter.template.regime, letter.template.language) == ("iso", "en")
    assert letter.body == acknowledgement(complaint).body and complaint.secret not in letter.body


def test_the_acknowledgement_is_written_in_the_complainants_preferred_language(
    make_complaint, smtp_server, worker
):
    complaint = make_complaint(
        complainant={"name": "Ana", "email": "ana@example.org", "preferred_language": "es"}
    )
    worker()

    [mail] = smtp_server.to("ana@example.org")
    assert mail["Subject"] == f"Hemos recibido su reclamación {complaint.reference}"
    assert "Estimado/a Ana:" in mail.get_content()
    assert acknowledgement(complaint).language == "es"


def test_a_delivered_message_is_never_sent_again(make_complaint, smtp_server, worker):
    complaint = make_complaint()
    worker()
    message = acknowledgement(complaint)

    delivery.OUTBOX.enqueue({"pk": message.pk})  # duplicate jobs, by pk and by Message-ID
    delivery.OUTBOX.enqueue({"message_id": message.message_id})
    worker()
    worker()

    assert delivery.deliver(message.pk) == "nothing to do"
    assert len(smtp_server.to(complaint.complainant.email)) == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 1)
    assert set(DBTaskResult.objects.values_list("return_value", flat=True)) == {
        "sent",
        "nothing to do",
    }


def test_a_message_that_went_out_stays_sent_even_when_recording_its_effects_fails(
    make_complaint, smtp_server, worker
):
    complaint = make_complaint()

    def broken_receiver(sender, message, **kwargs):
        raise RuntimeError("the trail could not be written")

    message_delivered.connect(broken_receiver, dispatch_uid="test.broken")
    try:
        worker()
    finally:
        message_delivered.disconnect(dispatch_uid="test.broken")

    message = acknowledgement(complaint)
    assert message.state == MessageState.SENT
    [job] = DBTaskResult.objects.all()
    assert job.status == TaskResultStatus.FAILED  # visible to whoever watches the jobs
    assert "the trail could not be written" in job.traceback
    delivery.sweep()
    worker()
    assert len(smtp_server.to(complaint.complainant.email)) == 1


@pytest.mark.parametrize("meanwhile", ["acknowledged by telephone", "withdrawn"])
def test_an_acknowledgement_delivered_after_the_complaint_moved_on_changes_nothing_more(
    make_complaint, handler, smtp_server, meanwhile
):
    from upheld.complaints import lifecycle
    from upheld.complaints.actors import COMPLAINANT

    complaint = make_complaint()
    if meanwhile == "withdrawn":
        lifecycle.withdraw(complaint, by=COMPLAINANT)
    else:
        lifecycle.acknowledge(complaint, by=handler, method="phone")
    complaint.refresh_from_db()
    before = (complaint.status, complaint.acknowledged_at, complaint.trail_length)

    assert delivery.deliver(acknowledgement(complaint).pk) == "sent"
    complaint.refresh_from_db()
    status, acknowledged_at, length = before
    # The e-mail left, so the trail records the letter sent, and nothing more.
    assert (complaint.status, complaint.acknowledged_at, complaint.trail_length) == (
        status,
        acknowledged_at,
        length + 1,
    )
    assert complaint.events.order_by("pk").last().kind == "letter_sent"
    assert acknowledgement(complaint).state == MessageState.SENT


def test_a_message_being_sent_by_another_worker_is_left_to_it(make_complaint, smtp_server):
    complaint = make_complaint()
    message = acknowledgement(complaint)
    assert delivery.claim(message.pk) is not None  # another worker is sending it now

    assert delivery.deliver(message.pk) == "nothing to do"
    assert smtp_server.messages == []


def test_after_the_last_attempt_the_message_is_visibly_failed(
    make_complaint, smtp_server, worker, settings
):
    settings.UPHELD_DELIVERY_MAX_ATTEMPTS = 3
    smtp_server.stop()
    complaint = make_complaint()
    worker()

    message = acknowledgement(complaint)
    assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    assert "ConnectionRefusedError" in message.last_error
    assert message.pending_secret == ""
    failed = complaint.events.order_by("seq").last()
    assert failed.kind == "message_failed"
    assert data_of(failed)["message_id"] == message.message_id
    assert data_of(failed)["kind"] == "acknowledgement"
    assert data_of(failed)["attempts"] == 3
    assert data_of(failed)["to"] == complaint.complainant.email
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is None
    assert all(found is None for _, found in verify_all())

    smtp_server.start()  # a failed message stays failed until a person acts on it
    worker()
    assert smtp_server.messages == []


def test_the_back_off_doubles_with_each_attempt_up_to_the_cap(settings):
    settings.UPHELD_DELIVERY_BACKOFF_BASE = 30
    settings.UPHELD_DELIVERY_BACKOFF_CAP = 3600
    waits = [backoff(attempt).total_seconds() for attempt in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_failed_attempt_schedules_its_retry_after_the_back_off(
    make_complaint, smtp_server, worker, settings
):
    settings.UPHELD_DELIVERY_BACKOFF_BASE = 30
    smtp_server.stop()
    complaint = make_complaint()
    message = acknowledgement(complaint)
    before = timezone.now()
    worker()  # one attempt; the retry is not due yet, so the worker stops

    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.QUEUED, 1)
    assert message.next_attempt_at >= before + timedelta(seconds=30)
    retry = DBTaskResult.objects.get(id=message.job_id)
    assert (retry.status, retry.run_after) == (TaskResultStatus.READY, message.next_attempt_at)
    assert delivery.deliver(message.pk) == "nothing to do"  # an early run doesn't attempt

    Message.objects.filter(pk=message.pk).update(next_attempt_at=before)  # time passes
    before_second = timezone.now()
    assert delivery.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at >= before_second + timedelta(seconds=60)


def test_the_tracking_secret_is_kept_only_until_delivery(make_complaint, smtp_server, worker):
    complaint = make_complaint()
    message = acknowledgement(complaint)
    assert message.pending_secret == complaint.secret
    assert (message.subject, message.body) == ("", "")  # rendered by the worker, not at receipt

    worker()

    message.refresh_from_db()
    assert message.pending_secret == ""
    assert complaint.secret not in message.body
    [mail] = smtp_server.to(complaint.complainant.email)
    assert complaint.secret in mail.get_content()


def test_the_tracking_link_carries_the_secret_even_when_the_site_url_changed_meanwhile(
    make_complaint, smtp_server, settings
):
    settings.SITE_URL = "https://old.example.org"
    complaint = make_complaint()
    settings.SITE_URL = "https://complaints.example.org"  # redeployed while mail waited

    assert delivery.deliver(acknowledgement(complaint).pk) == "sent"
    [mail] = smtp_server.to(complaint.complainant.email)
    assert f"/track/{complaint.secret}" in mail.get_content()


def test_a_message_whose_worker_died_mid_send_is_sent_again_by_the_sweep(
    make_complaint, smtp_server, worker
):
    complaint = make_complaint()
    message = acknowledgement(complaint)
    # A worker took the job and claimed the message, then died before the mail went out.
    DBTaskResult.objects.filter(id=message.job_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - LONG_AGO
    )
    delivery.claim(message.pk)
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - LONG_AGO)
    worker(run_periodic=False)
    assert smtp_server.messages == []

    assert delivery.sweep() == 1
    assert delivery.sweep() == 0  # idempotent: the new job is waiting
    worker(run_periodic=False)

    [mail] = smtp_server.to(complaint.complainant.email)
    assert mail["Message-ID"].strip() == message.message_id
    message.refresh_from_db()
    assert (message.state, message.attempts) == (MessageState.SENT, 2)
    assert delivery.sweep() == 0


def test_a_message_whose_job_was_lost_is_found_by_the_sweep_in_the_worker(
    make_complaint, smtp_server, worker
):
    complaint = make_complaint()
    message = acknowledgement(complaint)
    DBTaskResult.objects.filter(id=message.job_id).delete()
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - LONG_AGO)

    worker()  # --batch runs the periodic jobs once, then every ready job

    assert len(smtp_server.to(complaint.complainant.email)) == 1
    assert acknowledgement(complaint).state == MessageState.SENT


def test_the_sweep_leaves_a_message_alone_while_its_job_is_waiting(make_complaint):
    complaint = make_complaint()
    message = acknowledgement(complaint)
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - LONG_AGO)

    assert delivery.sweep() == 0
    assert DBTaskResult.objects.count() == 1


class Abandoned(Exception):
    pass


def test_the_acknowledgement_is_enqueued_in_the_same_transaction_as_the_receipt(make_complaint):
    kept = make_complaint()
    message = acknowledgement(kept)
    job = DBTaskResult.objects.get(id=message.job_id)
    assert job.task_path == "upheld.core.tasks.deliver"
    assert (job.queue_name, job.args_kwargs["args"]) == (
        "mail",
        ["notify.message", {"message_id": message.message_id}],
    )

    with pytest.raises(Abandoned), transaction.atomic():
        make_complaint(complainant={"name": "Grace Hopper", "email": "grace@example.org"})
        assert Message.objects.count() == DBTaskResult.objects.count() == 2
        raise Abandoned

    assert list(Complaint.objects.all()) == [kept]
    assert list(Message.objects.all()) == [message]
    assert list(DBTaskResult.objects.values_list("id", flat=True)) == [job.id]
    assert not Event.objects.exclude(complaint=kept).exists()


def test_a_message_to_a_staff_user_is_delivered_to_their_account_address(
    make_complaint, smtp_server, worker, django_user_model
):
    """A handler can be reminded: a message is addressed to a staff user, not only to the
    complainant, and goes through the same outbox."""
    from upheld.notify import outbox

    complaint = make_complaint()
    handler = django_user_model.objects.create_user("handler9", email="handler9@bank.example")
    with transaction.atomic():
        message = outbox.queue_to_staff(
            handler, "reminder", complaint=complaint, context={"note": "Please call back."}
        )
    assert (message.recipient_user, message.to) == (handler, "handler9@bank.example")

    worker()

    [mail] = smtp_server.to("handler9@bank.example")
    assert complaint.reference in mail["Subject"]
    assert "Please call back." in mail.get_content()
    assert complaint.complainant.email not in mail["To"]
    message.refresh_from_db()
    assert message.state == MessageState.SENT and complaint.reference in message.subject


def test_a_staff_user_without_an_address_cannot_be_written_to(db, django_user_model):
    from upheld.notify import outbox

    nobody = django_user_model.objects.create_user("nomail")
    with pytest.raises(ValueError, match="nomail"):
        outbox.queue_to_staff(nobody, "reminder")


def test_the_recourse_message_names_the_independent_bodies(make_complaint):
    """ISO 10002 7.9: after a rejection, the complainant is told where else to go."""
    from upheld.letters import mail
    from upheld.organisation.models import Organisation

    complaint = make_complaint()
    Organisation.current().external_bodies.create(
        name="Financial Ombudsman Service", phone="0800 023 4567", when_to_go="Within six months."
    )
    _, body = delivery.render(mail.queue(complaint, "recourse"))
    assert "Financial Ombudsman Service" in body and "0800 023 4567" in body
    assert "Within six months." in body

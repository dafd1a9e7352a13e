"""Deliver stored messages (ISO 10002 4.4, 7.4, 7.8): at most one successful send per
message, retried with exponential back-off while the mail server is down, visibly failed
(state `failed` + `message_failed` in the complaint's trail) after the last attempt.

A message is claimed (state `sending`) in a short transaction, sent outside any
transaction (so a slow mail server never holds database locks), then marked `sent` and its
tracking secret wiped. Any number of jobs for the same message may run, on any number of
workers: only the one that claims it sends, and a `sent` message is never claimed again.
A message that stays `sending` past STALE_AFTER (its worker died mid-send) is sent again by
the sweep with the same Message-ID header, so receiving servers can recognise a duplicate.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Message, MessageState
from .outbox import SECRET_PLACEHOLDER, tracking_path
from .signals import message_delivered, message_failed

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)
SWEEP_BATCH = 500


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … up to the cap."""
    base = settings.UPHELD_DELIVERY_BACKOFF_BASE
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.UPHELD_DELIVERY_BACKOFF_CAP)
    )


def _lookup(message: int | str) -> dict:
    return {"message_id": message} if isinstance(message, str) else {"pk": message}


def _claim(message: int | str) -> Message | None:
    now = timezone.now()
    with transaction.atomic():
        msg = Message.objects.select_for_update().filter(**_lookup(message)).first()
        if msg is None or msg.state in (MessageState.SENT, MessageState.FAILED):
            return None
        if msg.state == MessageState.SENDING and msg.claimed_at > now - STALE_AFTER:
            return None  # another worker is sending it right now
        if msg.next_attempt_at and msg.next_attempt_at > now:
            return None  # a retry is scheduled; this is an early duplicate run
        msg.state, msg.claimed_at = MessageState.SENDING, now
        msg.attempts += 1
        msg.save(update_fields=["state", "claimed_at", "attempts"])
        return msg


def _send(msg: Message) -> None:
    body = msg.body
    if msg.pending_secret:
        # Only the link's path is matched: SITE_URL may have changed since the message was
        # written (a redeploy while mail was down), and the secret is wiped once it is sent.
        body = body.replace(tracking_path(SECRET_PLACEHOLDER), tracking_path(msg.pending_secret))
    email = EmailMessage(
        subject=msg.subject,
        body=body,
        to=[msg.to],
        headers={"Message-ID": msg.message_id, "Auto-Submitted": "auto-generated"},
    )
    email.send(fail_silently=False)


def deliver(message: int | str) -> str:
    """Send one message (named by pk or Message-ID) unless it is sent, failed, being sent
    or not due yet. Returns what happened: sent, retry, failed or nothing to do."""
    msg = _claim(message)
    if msg is None:
        return "nothing to do"
    try:
        _send(msg)
    except Exception as exc:  # noqa: BLE001 — any failure of the mail path is retried
        return _failed_attempt(msg, exc)
    # Recorded as sent on its own first: whatever the receivers do next (acknowledge the
    # complaint, 7.4), a message that went out is never sent again.
    Message.objects.filter(pk=msg.pk).update(
        state=MessageState.SENT, sent_at=timezone.now(), pending_secret="", last_error=""
    )
    msg.refresh_from_db()
    try:
        with transaction.atomic():
            message_delivered.send(sender=Message, message=msg)
    except Exception:
        log.exception("Message %s was sent, but recording its effects failed", msg.pk)
        raise  # the job fails visibly; the message stays sent
    return "sent"


def _failed_attempt(msg: Message, exc: Exception) -> str:
    from .tasks import deliver_message

    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        if msg.attempts >= settings.UPHELD_DELIVERY_MAX_ATTEMPTS:
            Message.objects.filter(pk=msg.pk).update(
                state=MessageState.FAILED, last_error=error, pending_secret=""
            )
            msg.refresh_from_db()
            message_failed.send(sender=Message, message=msg)
            log.error(
                "Message %s failed for good after %s attempts: %s", msg.pk, msg.attempts, error
            )
            return "failed"
        retry_at = timezone.now() + backoff(msg.attempts)
        job = deliver_message.using(run_after=retry_at).enqueue(msg.pk)
        Message.objects.filter(pk=msg.pk).update(
            state=MessageState.QUEUED,
            last_error=error,
            next_attempt_at=retry_at,
            job_id=str(job.id),
        )
    log.warning(
        "Message %s not sent (attempt %s), retry at %s: %s", msg.pk, msg.attempts, retry_at, error
    )
    return "retry"


def _live_jobs(job_ids: list[str], started_after) -> set[str]:
    """Those of the jobs that will still run: waiting, or running in a live worker."""
    live = DBTaskResult.objects.filter(id__in=[j for j in job_ids if j]).filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=started_after)
    )
    return {str(pk) for pk in live.values_list("id", flat=True)}


def sweep() -> int:
    """ISO 10002 4.4: find messages whose delivery stalled and enqueue them again.

    Stalled: `sending` for longer than STALE_AFTER (its worker died mid-send), or `queued`
    and due for longer than STALE_AFTER while its job will never run (it finished without
    sending, or its worker died holding it). A message whose job is still waiting is left
    alone, so a long queue is not flooded with duplicates.

    Idempotent and safe in several workers at once: the new job is recorded on the message
    only if the message still names the job the sweep saw (compare-and-set); otherwise the
    new job is rolled back. And any extra job that does run finds nothing to do."""
    from .tasks import deliver_message

    before = timezone.now() - STALE_AFTER
    stalled = Message.objects.filter(
        Q(state=MessageState.SENDING, claimed_at__lt=before)
        | Q(state=MessageState.QUEUED, next_attempt_at__lt=before)
        | Q(state=MessageState.QUEUED, next_attempt_at=None, created_at__lt=before)
    ).order_by("pk")
    enqueued, last_pk = 0, 0
    while True:
        batch = list(stalled.filter(pk__gt=last_pk).values_list("pk", "job_id")[:SWEEP_BATCH])
        if not batch:
            return enqueued
        live = _live_jobs([job_id for _, job_id in batch], started_after=before)
        for pk, job_id in batch:
            if job_id in live:
                continue
            with transaction.atomic():
                job = deliver_message.enqueue(pk)
                if Message.objects.filter(pk=pk, job_id=job_id).update(job_id=str(job.id)):
                    enqueued += 1
                    log.warning("Message %s stalled (job %s); enqueued again", pk, job_id)
                else:
                    transaction.set_rollback(True)  # another sweep got there first
        last_pk = batch[-1][0]

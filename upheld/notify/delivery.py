"""Deliver stored messages: at most one successful send per message, retried with
exponential back-off while the mail server is down, visibly failed after the last attempt.

A message is claimed (state `sending`) in a short transaction, sent outside any
transaction (so a slow mail server never holds database locks), then marked `sent`.
A message that stays `sending` past STALE_AFTER (its worker died mid-send) is sent again
with the same Message-ID header, so receiving servers can recognise the duplicate.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Message, MessageState
from .outbox import SECRET_PLACEHOLDER, tracking_url
from .signals import message_delivered, message_failed

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    base = settings.UPHELD_DELIVERY_BACKOFF_BASE
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0),
                                 settings.UPHELD_DELIVERY_BACKOFF_CAP))


def _claim(message_id: int) -> Message | None:
    now = timezone.now()
    with transaction.atomic():
        msg = Message.objects.select_for_update().filter(pk=message_id).first()
        if msg is None or msg.state in (MessageState.SENT, MessageState.FAILED):
            return None
        if msg.state == MessageState.SENDING and msg.claimed_at > now - STALE_AFTER:
            return None
        if msg.next_attempt_at and msg.next_attempt_at > now:
            return None  # a retry is scheduled; this is an early duplicate run
        msg.state, msg.claimed_at = MessageState.SENDING, now
        msg.attempts += 1
        msg.save(update_fields=["state", "claimed_at", "attempts"])
        return msg


def _send(msg: Message) -> None:
    body = msg.body
    if msg.pending_secret:
        body = body.replace(tracking_url(SECRET_PLACEHOLDER), tracking_url(msg.pending_secret))
    email = EmailMessage(subject=msg.subject, body=body, to=[msg.to],
                         headers={"Message-ID": msg.message_id,
                                  "Auto-Submitted": "auto-generated"})
    email.send(fail_silently=False)


def deliver(message_id: int) -> str:
    msg = _claim(message_id)
    if msg is None:
        return "nothing to do"
    try:
        _send(msg)
    except Exception as exc:  # noqa: BLE001 — any failure of the mail path is retried
        return _failed_attempt(msg, exc)
    with transaction.atomic():
        Message.objects.filter(pk=msg.pk).update(
            state=MessageState.SENT, sent_at=timezone.now(), pending_secret="", last_error="")
        msg.refresh_from_db()
        message_delivered.send(sender=Message, message=msg)
    return "sent"


def _failed_attempt(msg: Message, exc: Exception) -> str:
    from .tasks import deliver_message

    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        if msg.attempts >= settings.UPHELD_DELIVERY_MAX_ATTEMPTS:
            Message.objects.filter(pk=msg.pk).update(
                state=MessageState.FAILED, last_error=error, pending_secret="")
            msg.refresh_from_db()
            message_failed.send(sender=Message, message=msg)
            log.error("Message %s failed for good after %s attempts: %s",
                      msg.pk, msg.attempts, error)
            return "failed"
        retry_at = timezone.now() + backoff(msg.attempts)
        Message.objects.filter(pk=msg.pk).update(
            state=MessageState.QUEUED, last_error=error, next_attempt_at=retry_at)
        deliver_message.using(run_after=retry_at).enqueue(msg.pk)
    log.warning("Message %s not sent (attempt %s), retry at %s: %s",
                msg.pk, msg.attempts, retry_at, error)
    return "retry"


def sweep() -> int:
    """Re-enqueue messages whose worker died mid-send or whose job was lost. Idempotent."""
    from .tasks import deliver_message

    now = timezone.now()
    stale = Message.objects.filter(state=MessageState.SENDING, claimed_at__lt=now - STALE_AFTER)
    overdue = Message.objects.filter(state=MessageState.QUEUED,
                                     next_attempt_at__lt=now - STALE_AFTER)
    ids = list(stale.values_list("pk", flat=True)) + list(overdue.values_list("pk", flat=True))
    for pk in ids:
        Message.objects.filter(pk=pk, state=MessageState.QUEUED).update(next_attempt_at=None)
        deliver_message.enqueue(pk)
    return len(ids)

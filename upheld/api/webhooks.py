"""Webhooks: subscribers are told of trail events (ISO 10002 7.3 keep informed, 8.1 trail).

When an event is appended, a WebhookDelivery row is written and its job enqueued in the
same transaction (so a committed event always gets its deliveries and a rolled-back one
none). The worker sends it — never the request — as JSON signed with the subscription's
secret:

    X-Upheld-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>
    X-Upheld-Timestamp: <unix seconds>   (also `sent_at` inside the signed body)

A failed send is retried with exponential back-off (UPHELD_DELIVERY_BACKOFF_BASE/CAP,
UPHELD_DELIVERY_MAX_ATTEMPTS), then marked failed. A delivery that succeeded is never sent
again; receivers can drop duplicates of a retry by the `id` in the body.
"""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upheld.complaints.models import Event
from upheld.core import links
from upheld.notify.delivery import backoff  # the same back-off as e-mail (one setting)

from .models import DeliveryState, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)
TIMEOUT = 10
STALE_AFTER = timedelta(minutes=10)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute the signature and compare in constant time."""
    return hmac.compare_digest(sign(secret, body), signature or "")


def payload(event: Event) -> dict:
    complaint = event.complaint
    return {
        "event": {
            "kind": event.kind,
            "seq": event.seq,
            "actor": event.actor_label,
            "at": event.at.isoformat(),
            "data": event.data,
            "public": event.public,
            "hash": event.hash,
        },
        "complaint": {
            "reference": complaint.reference,
            "status": complaint.status,
            "url": links.absolute_url("api-v1:complaint", reference=complaint.reference),
        },
    }


def on_event_appended(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    """post_save of a trail Event: one delivery per subscriber that wants its kind."""
    if not created or raw:
        return
    subscribers = [
        s for s in WebhookSubscription.objects.filter(active=True) if s.wants(instance.kind)
    ]
    if not subscribers:
        return
    from .tasks import deliver_webhook

    body = payload(instance)
    with transaction.atomic():
        for subscription in subscribers:
            delivery = WebhookDelivery.objects.create(
                subscription=subscription, event=instance, payload=body
            )
            deliver_webhook.enqueue(delivery.pk)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    with transaction.atomic():
        d = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if d is None or d.state in (DeliveryState.DELIVERED, DeliveryState.FAILED):
            return None
        if d.state == DeliveryState.SENDING and d.claimed_at > now - STALE_AFTER:
            return None
        if d.next_attempt_at and d.next_attempt_at > now:
            return None  # a retry is scheduled later; this is an early duplicate run
        d.state, d.claimed_at, d.attempts = DeliveryState.SENDING, now, d.attempts + 1
        d.save(update_fields=["state", "claimed_at", "attempts"])
        return d


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is a failed delivery: the subscriber fixes its URL


_opener = urllib.request.build_opener(_NoRedirect)


def _post(d: WebhookDelivery) -> int:
    url = d.subscription.url
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"Only http(s) URLs can receive webhooks, not {url!r}.")
    now = timezone.now()
    body = json.dumps(
        {"id": d.pk, "attempt": d.attempts, "sent_at": now.isoformat(), **d.payload},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    request = urllib.request.Request(  # noqa: S310 — http(s) only, checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Upheld-Webhooks/1",
            "X-Upheld-Signature": sign(d.subscription.secret, body),
            "X-Upheld-Timestamp": str(int(now.timestamp())),
            "X-Upheld-Delivery": str(d.pk),
            "X-Upheld-Event": d.payload["event"]["kind"],
        },
    )
    with _opener.open(request, timeout=TIMEOUT) as response:  # noqa: S310 — http(s) only
        return response.status


def deliver(delivery_id: int) -> str:
    d = _claim(delivery_id)
    if d is None:
        return "nothing to do"
    try:
        status = _post(d)
    except urllib.error.HTTPError as exc:
        return _failed_attempt(d, f"HTTP {exc.code}", exc.code)
    except Exception as exc:  # noqa: BLE001 — any failure to reach the subscriber is retried
        return _failed_attempt(d, f"{type(exc).__name__}: {exc}", None)
    WebhookDelivery.objects.filter(pk=d.pk).update(
        state=DeliveryState.DELIVERED,
        delivered_at=timezone.now(),
        last_status=status,
        last_error="",
    )
    return "delivered"


def _failed_attempt(d: WebhookDelivery, error: str, status: int | None) -> str:
    from .tasks import deliver_webhook

    with transaction.atomic():
        if d.attempts >= settings.UPHELD_DELIVERY_MAX_ATTEMPTS:
            WebhookDelivery.objects.filter(pk=d.pk).update(
                state=DeliveryState.FAILED, last_error=error[:2000], last_status=status
            )
            log.error(
                "Webhook delivery %s failed for good after %s attempts: %s", d.pk, d.attempts, error
            )
            return "failed"
        retry_at = timezone.now() + backoff(d.attempts)
        WebhookDelivery.objects.filter(pk=d.pk).update(
            state=DeliveryState.QUEUED,
            last_error=error[:2000],
            last_status=status,
            next_attempt_at=retry_at,
        )
        deliver_webhook.using(run_after=retry_at).enqueue(d.pk)
    log.warning(
        "Webhook delivery %s not delivered (attempt %s), retry at %s: %s",
        d.pk,
        d.attempts,
        retry_at,
        error,
    )
    return "retry"


def sweep() -> int:
    """Re-enqueue deliveries whose worker died mid-send or whose job was lost — a retry's
    job, or the first one (never attempted, created long ago). Idempotent: the claim in
    `deliver` lets only one run send."""
    from .tasks import deliver_webhook

    now = timezone.now()
    cutoff = now - STALE_AFTER
    lost = (
        Q(state=DeliveryState.SENDING, claimed_at__lt=cutoff)
        | Q(state=DeliveryState.QUEUED, next_attempt_at__lt=cutoff)
        | Q(state=DeliveryState.QUEUED, next_attempt_at=None, created_at__lt=cutoff)
    )
    swept = 0
    for pk in WebhookDelivery.objects.filter(lost).values_list("pk", flat=True):
        with transaction.atomic():
            # Compare-and-set, so the next sweep leaves it alone for STALE_AFTER.
            if WebhookDelivery.objects.filter(lost, pk=pk).update(
                state=DeliveryState.QUEUED, next_attempt_at=now, claimed_at=None
            ):
                deliver_webhook.enqueue(pk)
                swept += 1
    return swept

"""Webhooks: subscribers are told of trail events (ISO 10002 7.3 keep informed, 8.1 trail).

When an event is appended, a WebhookDelivery row is written and its job enqueued in the
same transaction (so a committed event always gets its deliveries and a rolled-back one
none). The worker sends it — never the request — as JSON signed with the subscription's
secret:

    X-Upheld-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>
    X-Upheld-Timestamp: <unix seconds>   (also `sent_at` inside the signed body)

Deliveries go through the one outbox (upheld.core.outbox), as e-mail does: a failed send
is retried with exponential back-off (UPHELD_DELIVERY_BACKOFF_BASE/CAP,
UPHELD_DELIVERY_MAX_ATTEMPTS), then marked failed (visible in the admin); the periodic
sweep sends again what a dead worker left. A delivery that succeeded is never sent
again; receivers can drop duplicates of a retry by the `id` in the body.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.db import transaction
from django.utils import timezone

from upheld.complaints.events import data_of
from upheld.complaints.models import Event
from upheld.core import links, lookups
from upheld.core.outbox import Outbox

from .models import WebhookDelivery, WebhookSubscription

TIMEOUT = 10


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
            "data": data_of(event),
            "public": event.public,
            "hash": event.hash,
        },
        "complaint": {
            "reference": complaint.reference,
            "status": complaint.status,
            "priority": complaint.priority,
            "closure_reason": complaint.closure_reason or None,
            "url": links.absolute_url("api-v1:complaint", reference=complaint.reference),
        },
    }


def subscribers(kind: str) -> list[WebhookSubscription]:
    """The active subscriptions that want events of this kind: the one look-up of
    subscriptions, kept per process (core/lookups.py; dropped everywhere when one is saved)."""
    active = lookups.cached("webhook-subscriptions", _active)
    return [s for s in active if s.wants(kind)]


def _active() -> list[WebhookSubscription]:
    return list(WebhookSubscription.objects.filter(active=True))


def on_event_appended(sender, instance: Event, created: bool, raw: bool = False, **kwargs):
    """post_save of a trail Event: one delivery per subscriber that wants its kind, each
    written with its job in the event's transaction."""
    if not created or raw:
        return
    wanting = subscribers(instance.kind)
    if not wanting:
        return
    body = payload(instance)
    with transaction.atomic():
        for subscription in wanting:
            OUTBOX.add(WebhookDelivery(subscription=subscription, event=instance, payload=body))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is a failed delivery: the subscriber fixes its URL


_opener = urllib.request.build_opener(_NoRedirect)


def post(d: WebhookDelivery) -> dict:
    """Send one delivery: POST the signed JSON body; returns the status to record."""
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
        return {"last_status": response.status}


def describe(exc: Exception) -> tuple[str, dict]:
    """An HTTP error is recorded by its status; any other failure has none."""
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}", {"last_status": exc.code}
    return f"{type(exc).__name__}: {exc}", {"last_status": None}


OUTBOX = Outbox(WebhookDelivery, post, describe=describe, select_related=("subscription",))
deliver = OUTBOX.deliver
sweep = OUTBOX.sweep

"""Subscribers are told of trail events by signed webhooks sent by the worker, never in the
request, and retried with back-off until they arrive (ISO 10002 7.3, 8.1)."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upheld.api import webhooks
from upheld.api.models import WebhookDelivery, WebhookSubscription
from upheld.complaints import lifecycle
from upheld.core.outbox import OutboxState, backoff
from upheld.testing import free_port

from .webhook_server import WebhookReceiver


@pytest.fixture
def receiver(settings):
    settings.UPHELD_DELIVERY_BACKOFF_BASE = 0
    server = WebhookReceiver(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def subscribe(db):
    def make(url: str, kinds=("*",), **extra) -> WebhookSubscription:
        return WebhookSubscription.objects.create(url=url, event_kinds=list(kinds), **extra)

    return make


def quietly(make_complaint, **extra):
    """A complaint received without an acknowledgement job, so the worker runs only ours."""
    return make_complaint(acknowledge=False, **extra)


def run_one_job():
    call_command(
        "db_worker",
        queue_name="*",
        batch=True,
        interval=0,
        startup_delay=False,
        max_tasks=1,
        verbosity=0,
    )


def test_a_trail_event_reaches_the_subscriber_signed_and_only_through_the_worker(
    receiver, subscribe, make_complaint, run_worker
):
    subscription = subscribe(receiver.url)
    complaint = quietly(make_complaint)
    assert receiver.received == [], "never sent in the request"
    assert WebhookDelivery.objects.get().state == OutboxState.QUEUED
    run_worker()
    [hit] = receiver.received
    expected = (
        "sha256=" + hmac.new(subscription.secret.encode(), hit.body, hashlib.sha256).hexdigest()
    )
    assert hit.headers["X-Upheld-Signature"] == expected
    assert webhooks.verify(subscription.secret, hit.body, hit.headers["X-Upheld-Signature"])
    assert not webhooks.verify("another secret", hit.body, hit.headers["X-Upheld-Signature"])
    body = json.loads(hit.body)
    assert body["complaint"]["reference"] == complaint.reference
    assert body["event"]["kind"] == "received" and body["event"]["seq"] == 1
    assert int(hit.headers["X-Upheld-Timestamp"]) > 0 and body["sent_at"]
    assert hit.path == "/hooks/upheld"
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == OutboxState.SENT and delivery.last_status == 204


def test_a_subscriber_gets_only_the_event_kinds_it_asked_for(
    receiver, subscribe, make_complaint, handler, run_worker
):
    subscribe(receiver.url, kinds=["assessed", "closed"])
    subscribe(receiver.url, kinds=["*"], active=False)
    complaint = quietly(make_complaint)
    lifecycle.assess(
        complaint,
        by=handler,
        severity=1,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )
    lifecycle.withdraw(complaint, by=handler)
    run_worker()
    assert [json.loads(h.body)["event"]["kind"] for h in receiver.received] == ["assessed"]


def test_a_subscriber_that_was_down_gets_the_event_once_it_is_back(
    settings, subscribe, make_complaint, run_worker
):
    settings.UPHELD_DELIVERY_BACKOFF_BASE = 0
    down = WebhookReceiver(free_port())
    subscribe(down.url, kinds=["received"])
    quietly(make_complaint)
    run_one_job()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == OutboxState.QUEUED and delivery.attempts == 1
    assert delivery.last_error.startswith("URLError")
    down.start()
    try:
        run_worker()
    finally:
        down.stop()
    [hit] = down.received
    assert json.loads(hit.body)["attempt"] == 2
    delivery.refresh_from_db()
    assert delivery.state == OutboxState.SENT and delivery.last_error == ""


def test_back_off_grows_and_is_capped(settings):
    settings.UPHELD_DELIVERY_BACKOFF_BASE, settings.UPHELD_DELIVERY_BACKOFF_CAP = 30, 100
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_subscriber_that_keeps_failing_is_marked_failed_after_the_last_attempt(
    receiver, subscribe, make_complaint, run_worker, settings
):
    settings.UPHELD_DELIVERY_MAX_ATTEMPTS = 3
    receiver.status = 500
    subscribe(receiver.url, kinds=["received"])
    quietly(make_complaint)
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == OutboxState.FAILED and delivery.attempts == 3
    assert delivery.last_status == 500 and len(receiver.received) == 3
    assert [json.loads(h.body)["id"] for h in receiver.received] == [delivery.pk] * 3


def test_an_event_that_is_rolled_back_is_never_announced(
    receiver, subscribe, make_complaint, run_worker
):
    subscribe(receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        quietly(make_complaint)
        raise RuntimeError("the request failed after the move")
    run_worker()
    assert not WebhookDelivery.objects.exists() and receiver.received == []


def test_a_delivery_whose_worker_died_mid_send_is_found_by_the_sweep_and_sent_once(
    receiver, subscribe, make_complaint, run_worker
):
    subscribe(receiver.url, kinds=["received"])
    quietly(make_complaint)
    delivery = WebhookDelivery.objects.get()
    webhooks.OUTBOX.claim(delivery.pk)  # a worker claimed it, then died before sending
    run_worker()
    assert receiver.received == [], "a fresh claim is left to its worker"
    WebhookDelivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    assert webhooks.sweep() == 1 and webhooks.sweep() == 0
    run_worker()
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().state == OutboxState.SENT


def test_a_delivery_whose_first_job_was_lost_is_found_by_the_sweep_and_sent_once(
    receiver, subscribe, make_complaint, run_worker
):
    from django_tasks_db.models import DBTaskResult

    subscribe(receiver.url, kinds=["received"])
    quietly(make_complaint)
    DBTaskResult.objects.all().delete()  # its worker died holding the job, never claiming it
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert webhooks.sweep() == 1 and webhooks.sweep() == 0
    run_worker()
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().state == OutboxState.SENT


def test_the_sweep_leaves_a_delivery_alone_while_its_job_is_waiting(
    receiver, subscribe, make_complaint
):
    """A long queue is not flooded with duplicates: the job is still there to run."""
    from django_tasks_db.models import DBTaskResult

    subscribe(receiver.url, kinds=["received"])
    quietly(make_complaint)
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(hours=1))
    jobs = DBTaskResult.objects.count()
    assert webhooks.sweep() == 0 and DBTaskResult.objects.count() == jobs


def test_a_subscription_names_a_list_of_event_kinds(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="list of event kinds"):
        WebhookSubscription(url="https://example.org/h", event_kinds="decided").full_clean()
    subscription = WebhookSubscription(url="https://example.org/h", event_kinds=["decided"])
    subscription.full_clean()
    assert subscription.wants("decided") and not subscription.wants("closed")
    assert len(subscription.secret) >= 32


def test_a_subscription_names_only_kinds_the_trail_has(db, admin_client):
    """Subscriptions use the trail's vocabulary (EventKind): a typo would never be sent."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Not trail event kinds: decidd"):
        WebhookSubscription(url="https://example.org/h", event_kinds=["decidd"]).full_clean()
    page = admin_client.get(reverse("admin:api_webhooksubscription_add")).content.decode()
    assert 'value="decision_communicated"' in page and 'value="*"' in page

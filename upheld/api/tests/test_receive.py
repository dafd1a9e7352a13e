"""ISO 10002 7.2 through the API: POST /complaints records a complaint once, however often
the same request is sent with the same Idempotency-Key."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from upheld.api.models import IdempotencyKey
from upheld.complaints.models import Complaint, Event
from upheld.complaints.references import hash_secret
from upheld.notify.models import Message

from .conftest import ApiClient

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def test_a_complaint_received_through_the_api_is_recorded_and_acknowledged(
    handler, api_as, new_complaint
):
    response = api_as(handler).post("/complaints", new_complaint())
    assert response.status_code == 201
    body = response.json()
    complaint = Complaint.objects.get(reference=body["reference"])
    assert complaint.channel == "api" and complaint.received_by == handler
    assert body["status"] == "received" and body["received_at"]
    assert complaint.secret_hash == hash_secret(body["secret"])
    assert body["secret"] in body["tracking_url"]
    assert Event.objects.get(complaint=complaint).kind == "received"
    assert Message.objects.filter(complaint=complaint, kind="acknowledgement").count() == 1


def test_the_complainant_of_an_api_complaint_receives_the_acknowledgement(
    handler, api_as, new_complaint, run_worker, smtp_server
):
    body = api_as(handler).post("/complaints", new_complaint()).json()
    run_worker()
    complaint = Complaint.objects.get(reference=body["reference"])
    [mail] = smtp_server.to(complaint.complainant.email)
    assert body["reference"] in mail["Subject"] and body["tracking_url"] in mail.get_content()
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


def test_the_tracking_secret_is_shown_only_in_the_create_response(handler, api_as, new_complaint):
    client = api_as(handler)
    created = client.post("/complaints", new_complaint()).json()
    record = client.get(f"/complaints/{created['reference']}")
    assert created["secret"] not in record.content.decode()
    assert not IdempotencyKey.objects.exists()


def test_invalid_input_is_refused_per_field_and_nothing_is_recorded(handler, api_as, new_complaint):
    response = api_as(handler).post(
        "/complaints",
        new_complaint(
            description="  ", complainant={"name": "No Contact", "email": "not-an-address"}
        ),
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"description", "complainant.email"}
    assert not Complaint.objects.exists()


def test_staff_named_in_the_complaint_are_recorded_as_involved(
    handler, other_handler, api_as, new_complaint
):
    body = (
        api_as(handler).post("/complaints", new_complaint(involved_users=["other_handler"])).json()
    )
    assert list(Complaint.objects.get(reference=body["reference"]).involved_users.all()) == [
        other_handler
    ]
    response = api_as(handler).post("/complaints", new_complaint(involved_users=["ghost"]))
    assert response.json()["fields"] == {"involved_users": ["No such users: ghost."]}


def test_a_replay_with_the_same_key_returns_the_first_answer_and_creates_nothing(
    handler, api_as, new_complaint
):
    client = api_as(handler)
    key = {"Idempotency-Key": "order-42-complaint"}
    first = client.post("/complaints", new_complaint(), headers=key)
    again = client.post("/complaints", new_complaint(), headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Complaint.objects.count() == 1
    assert Message.objects.count() == 1
    stored = IdempotencyKey.objects.get()
    assert first.json()["secret"] not in str(stored.response), "kept encrypted at rest"


def test_the_same_key_with_a_different_body_is_refused(handler, api_as, new_complaint):
    client = api_as(handler)
    key = {"Idempotency-Key": "k-1"}
    client.post("/complaints", new_complaint(), headers=key)
    response = client.post("/complaints", new_complaint(product="Something else"), headers=key)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "idempotency_key_reused"
    assert "different request" in body["fields"]["Idempotency-Key"][0]
    assert Complaint.objects.count() == 1


def test_keys_belong_to_one_user(handler, other_handler, api_as, new_complaint):
    key = {"Idempotency-Key": "shared-name"}
    api_as(handler).post("/complaints", new_complaint(), headers=key)
    api_as(other_handler).post("/complaints", new_complaint(), headers=key)
    assert Complaint.objects.count() == 2


def test_a_refused_request_does_not_use_up_its_key(handler, api_as, new_complaint):
    client = api_as(handler)
    key = {"Idempotency-Key": "retry-after-fix"}
    assert client.post("/complaints", new_complaint(description=""), headers=key).status_code == 422
    assert client.post("/complaints", new_complaint(), headers=key).status_code == 201


def _replay_from_threads(key: str, body: dict, threads: int = 8) -> list:
    results, barrier = [], threading.Barrier(threads)

    def send():
        try:
            barrier.wait()
            response = ApiClient(key).post(
                "/complaints", body, headers={"Idempotency-Key": "same-key"}
            )
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


@pytest.mark.skipif(
    not ON_POSTGRES,
    reason="concurrent writers need PostgreSQL; the "
    "sequential version below runs on every database",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_create_exactly_one_complaint(make_user, new_complaint):
    from upheld.api.models import ApiToken

    _, key = ApiToken.issue(make_user(username="racer"))
    results = _replay_from_threads(key, new_complaint())
    assert len(results) == 8
    assert {status for status, _ in results} == {201}
    assert len({body["reference"] for _, body in results}) == 1
    assert Complaint.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_sequential_replays_create_exactly_one_complaint(handler, api_as, new_complaint):
    client = api_as(handler)
    answers = [
        client.post("/complaints", new_complaint(), headers={"Idempotency-Key": "same-key"}).json()
        for _ in range(5)
    ]
    assert all(a == answers[0] for a in answers)
    assert Complaint.objects.count() == 1


def test_idempotency_keys_are_forgotten_after_a_day(handler, api_as, new_complaint):
    from datetime import timedelta

    from django.utils import timezone

    from upheld.api import idempotency

    api_as(handler).post("/complaints", new_complaint(), headers={"Idempotency-Key": "old"})
    assert idempotency.purge() == 0
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert idempotency.purge() == 1

"""Issue 12, point 3 (and 10's year-1 dates): one input policy at the API's door. Text with a
NUL or a lone surrogate, a date before 1900, an integer beyond the column and a body too
large are refused as JSON naming what to fix — never a 500, never HTML. Before: 500s on
PostgreSQL for NUL anywhere, on both databases for a lone surrogate, an OverflowError for
received_at 0001-01-01T00:00:00+14:00, and reference CMP-1-000001 for 0001-01-01Z."""

import json

import pytest
from django.test import Client

from upheld.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def raw_post(api, path: str, text: str):
    """A body sent as typed (json.dumps would escape what the test means to send)."""
    return api.client.post(
        "/api/v1" + path, text, content_type="application/json", headers=api.headers
    )


@pytest.mark.parametrize(
    ("field", "body_text"),
    [
        ("description", '"description": "a\\u0000b"'),
        ("description", '"description": "a\\ud800b"'),
        ("complainant.name", '"complainant": {"name": "Ada\\u0000", "email": "a@example.org"}'),
        ("product", '"product": "\\udfff"'),
    ],
)
def test_text_with_a_nul_or_a_lone_surrogate_is_refused_naming_the_field(
    manager, api_as, new_complaint, field, body_text
):
    body = new_complaint()
    base = json.dumps(body)[:-1]
    response = raw_post(api_as(manager), "/complaints", base + ", " + body_text + "}")
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/json")
    assert field in response.json()["fields"]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "received_at",
    ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "1899-12-31T23:00:00Z"],
)
def test_a_date_before_1900_is_refused(manager, api_as, new_complaint, received_at):
    response = api_as(manager).post(
        "/complaints", new_complaint(received_at=received_at, channel="phone")
    )
    assert response.status_code == 422, response.content
    assert "received_at" in response.json()["fields"]
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        {"assignee": "\x00"},
        {"category": str(2**70)},
        {"status": "a\x00"},
        {"received_after": "0001-01-01T00:00:00+14:00"},
        {"limit": str(2**70)},
        {"cursor": "\x00"},
    ],
)
def test_a_list_filter_beyond_the_policy_is_refused_as_json(handler, api_as, query):
    response = api_as(handler).get("/complaints", **query)
    assert response.status_code in (400, 422), response.content
    assert response["Content-Type"].startswith("application/json")


def test_a_reference_with_a_nul_is_not_found_as_json(handler, api_as):
    response = api_as(handler).get("/complaints/CMP%00")
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


def test_a_body_too_large_is_refused_as_json(manager, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api = api_as(manager)
    response = raw_post(api, "/complaints", json.dumps({"description": "x" * 5000}))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"] == "too_large"


def test_an_unauthenticated_too_large_body_is_json_too(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post("/api/v1/complaints", "x" * 5000, content_type="application/json")
    assert response["Content-Type"].startswith("application/json")

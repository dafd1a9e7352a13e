"""API test helpers: a client that sends a bearer token for a given user."""

import json

import pytest
from django.test import Client

from upheld.api.models import ApiToken


class ApiClient:
    """Django's test client speaking JSON with `Authorization: Bearer <token>`."""

    def __init__(self, key: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **query):
        return self.client.get("/api/v1" + path, query, headers=self.headers)

    def post(self, path: str, body=None, headers: dict | None = None):
        return self.client.post(
            "/api/v1" + path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )

    def upload(self, path: str, files: dict, data: dict | None = None):
        return self.client.post("/api/v1" + path, {**(data or {}), **files}, headers=self.headers)


@pytest.fixture
def api_as(db):
    """api_as(user) → a client authenticated with a fresh token of that user."""

    def make(user) -> ApiClient:
        _, key = ApiToken.issue(user, name="test")
        return ApiClient(key)

    return make


@pytest.fixture
def new_complaint():
    """The body of a valid POST /complaints."""

    def make(**overrides) -> dict:
        body = {
            "description": "The parcel arrived broken and nobody answers the phone.",
            "complainant": {"name": "Grace Hopper", "email": "grace@example.org"},
            "product": "Home delivery",
            "remedy_sought": "A replacement.",
        }
        body.update(overrides)
        return body

    return make

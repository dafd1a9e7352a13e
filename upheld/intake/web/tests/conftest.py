import re

import pytest


def form_token(response) -> str:
    match = re.search(rb'name="form_token" value="([^"]+)"', response.content)
    assert match, "the form carries a one-time token"
    return match.group(1).decode()


@pytest.fixture
def complaint_data():
    """What a complainant types into the public form."""

    def make(**overrides):
        data = {
            "name": "Ada Lovelace",
            "organisation": "",
            "email": "ada@example.org",
            "phone": "",
            "postal_address": "",
            "preferred_language": "en",
            "accessibility_needs": "",
            "acting_for": "self",
            "rep_name": "",
            "rep_email": "",
            "rep_phone": "",
            "representative_authority": "",
            "description": "I was charged twice for the same order.",
            "occurred_on": "2026-01-15",
            "product": "Online order 12345",
            "remedy_sought": "Refund the second charge.",
            "privacy_consent": "on",
            "website": "",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def open_form(client, org):
    """GET the public form; returns its one-time token."""

    def get(url="/complain/", **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200
        return form_token(response)

    return get

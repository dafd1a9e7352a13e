"""Issue 12, point 3: a NUL character in an address or a query (PostgreSQL cannot store or
compare one: the admin's `?status__exact=%00` and `/complaints/CMP%00` ended in a 500) is
refused before any view runs; in a form it is an error beside its field."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_admin_filter_is_a_400_not_a_500(admin_client):
    response = admin_client.get("/admin/complaints/complaint/?status__exact=%00")
    assert response.status_code == 400
    assert b"NUL character" in response.content


def test_a_nul_in_an_address_is_a_400(client):
    assert client.get("/track/abc%00def").status_code == 400


def test_a_nul_under_the_api_is_json_naming_the_parameter(client):
    response = client.get("/api/v1/complaints?assignee=%00")
    assert response.status_code == 422
    assert response.json()["fields"] == {"assignee": [response.json()["fields"]["assignee"][0]]}


def test_a_nul_in_the_public_form_is_an_error_beside_its_field(client, org):
    import re

    page = client.get("/complain/")
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content).group(1).decode()
    response = client.post(
        "/complain/",
        {
            "form_token": token,
            "name": "Ada",
            "email": "ada@example.org",
            "preferred_language": "en",
            "acting_for": "self",
            "description": "Charged\x00 twice.",
            "product": "Card",
            "remedy_sought": "Refund.",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 200
    assert 'id="id_description_error"' in response.content.decode()

"""Every refusal is JSON: 409 names the moves allowed now, 422 names what to fix per field
(whether the schema or the lifecycle refused), and the OpenAPI document lists them all."""

import pytest
from openapi_spec_validator import validate

from upheld.api.models import ApiToken
from upheld.complaints.models import Complaint


def test_a_move_not_allowed_now_is_409_with_the_allowed_moves(handler, api_as, make_complaint):
    ref = make_complaint().reference
    response = api_as(handler).post(f"/complaints/{ref}/actions/close", {})
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "illegal_move"
    assert "Cannot close" in body["detail"]
    assert "assess" in body["allowed_moves"] and "add-correspondence" in body["allowed_moves"]


def test_an_unmet_stage_gate_is_409_saying_why(handler, api_as, make_complaint):
    from upheld.complaints import lifecycle
    from upheld.complaints.actors import COMPLAINANT

    c = make_complaint()
    lifecycle.assess(
        c,
        by=handler,
        severity=1,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )
    lifecycle.investigate(c, by=handler)
    lifecycle.decide(c, by=handler, outcome="upheld", reasons="Ours.")
    lifecycle.communicate_decision(c, by=handler, method="phone")
    lifecycle.accept(c, by=COMPLAINANT)
    response = api_as(handler).post(f"/complaints/{c.reference}/actions/close", {})
    assert response.status_code == 409
    assert response.json()["error"] == "stage_gate"
    assert "classify it first" in response.json()["detail"]


def test_schema_and_lifecycle_refusals_look_the_same_per_field(handler, api_as, make_complaint):
    ref = make_complaint().reference
    client = api_as(handler)
    by_schema = client.post(
        f"/complaints/{ref}/actions/assess",
        {"severity": 9, "complexity": "high", "impact": 1, "immediate_action_needed": False},
    ).json()
    assert by_schema["error"] == "invalid_input"
    assert set(by_schema["fields"]) == {"severity", "complexity", "safety_implication"}
    assert all(isinstance(m, list) and m for m in by_schema["fields"].values())
    by_lifecycle = client.post(f"/complaints/{ref}/actions/await-complainant", {"question": " "})
    assert by_lifecycle.json()["fields"] == {"question": ["This is required."]}
    by_lifecycle = client.post(
        f"/complaints/{ref}/actions/decide",
        {"outcome": "upheld", "reasons": "x", "remedies": [{"kind": "refund"}]},
    ).json()
    assert by_lifecycle == {
        "error": "invalid_input",
        "detail": by_lifecycle["detail"],
        "fields": {
            "remedies.0.amount": ["A refund or compensation needs an amount > 0."],
            "remedies.0.currency": ["Give a 3-letter currency code, e.g. GBP."],
        },
    }


def test_nested_and_malformed_bodies_are_422_per_field(handler, api_as, new_complaint):
    client = api_as(handler)
    response = client.post("/complaints", {"complainant": {"email": 5}})
    assert response.status_code == 422
    assert set(response.json()["fields"]) == {
        "description",
        "complainant.email",
        "product",
        "remedy_sought",
    }
    raw = client.client.post(
        "/api/v1/complaints", "{not json", content_type="application/json", headers=client.headers
    )
    assert raw.status_code == 422 and list(raw.json()["fields"]) == ["body"]
    assert not Complaint.objects.exists()


def test_an_unknown_endpoint_is_404_json(handler, api_as):
    response = api_as(handler).get("/nowhere/at/all")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize("path", ["/complaints", "/clocks/breached", "/clocks/at-risk"])
def test_a_query_parameter_a_list_does_not_know_is_422_naming_it(handler, api_as, path):
    response = api_as(handler).get(f"{path}?stauts=open&limit=5")
    assert response.status_code == 422
    assert response.json()["fields"] == {"stauts": ["Unknown query parameter."]}
    assert api_as(handler).get(f"{path}?limit=5").status_code == 200


def test_a_request_refused_before_routing_is_400_json_under_the_api(client, handler, api_as):
    """An empty Host header is refused by Django before any route: the API's paths still
    answer in JSON (the documented 400), the site's pages with the site's page."""
    _, key = ApiToken.issue(handler)
    response = client.get("/api/v1/complaints", HTTP_HOST="", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    page = client.get("/track/", HTTP_HOST="")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


def test_an_unknown_user_named_in_an_action_is_422(manager, api_as, make_complaint):
    ref = make_complaint().reference
    response = api_as(manager).post(f"/complaints/{ref}/actions/assign", {"assignee": "ghost"})
    assert response.status_code == 422
    assert response.json()["fields"] == {"assignee": ["There is no user 'ghost'."]}


def test_conflict_of_interest_is_403(manager, handler, api_as, make_complaint):
    ref = make_complaint(involved_users=[handler]).reference
    response = api_as(manager).post(f"/complaints/{ref}/actions/assign", {"assignee": "handler"})
    assert response.status_code == 403
    assert response.json()["error"] == "conflict_of_interest"


@pytest.fixture
def openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid_and_lists_every_error(openapi):
    validate(openapi)
    for path, operations in openapi["paths"].items():
        for method, op in operations.items():
            codes = set(op["responses"])
            assert {"400", "401", "403", "404", "422"} <= codes, (method, path)
            if "/actions/" in path:
                assert "409" in codes and op["requestBody"]["required"]
    schemas = openapi["components"]["schemas"]
    assert (
        "ONLY in this create response"
        in schemas["ComplaintCreated"]["properties"]["secret"]["description"]
    )
    assert {"Assess", "Decide", "Merge", "Escalate"} <= set(schemas)


def test_a_method_the_route_does_not_take_is_refused_in_json_with_the_allowed_ones(client):
    response = client.delete("/api/v1/complaints")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert "GET" in response["Allow"] and "POST" in response["Allow"]


def test_a_complaint_states_the_product_and_the_remedy_sought(handler, api_as, new_complaint):
    """ISO 10002 7.2 (capability 9): the record is not saved without them; a complainant
    who would not say is recorded as such ("not stated")."""
    client = api_as(handler)
    for missing in ("product", "remedy_sought"):
        body = new_complaint()
        del body[missing]
        response = client.post("/complaints", body)
        assert response.status_code == 422 and missing in response.json()["fields"]
        response = client.post("/complaints", new_complaint(**{missing: ""}))
        assert response.status_code == 422 and missing in response.json()["fields"]
    assert not Complaint.objects.exists()
    response = client.post("/complaints", new_complaint(remedy_sought="not stated"))
    assert response.status_code == 201


def test_text_with_a_nul_character_is_refused_per_field(handler, api_as, make_complaint):
    """No database keeps NUL in text (PostgreSQL refuses it): it is input to fix, not a 500."""
    c = make_complaint()
    response = api_as(handler).post(
        f"/complaints/{c.reference}/actions/acknowledge", {"method": "phone", "note": "a\x00b"}
    )
    assert response.status_code == 422 and list(response.json()["fields"]) == ["note"]
    assert not Complaint.objects.get(pk=c.pk).acknowledged_at

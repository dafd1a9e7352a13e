"""Every lifecycle move (ISO 10002 7.3–7.9) is an action URL; each is made here through
HTTP at least once and its effect read back from the record and the trail."""

import pytest

from upheld.complaints.lifecycle import ALLOWED
from upheld.complaints.models import Correspondence
from upheld.complaints.permissions import SYSTEM_ONLY
from upheld.complaints.tests.helpers import ombudsman


@pytest.fixture
def act(api_as):
    def make(
        user, reference: str, action: str, body: dict | None = None, status: int = 200
    ) -> dict:
        response = api_as(user).post(f"/complaints/{reference}/actions/{action}", body or {})
        assert response.status_code == status, response.content
        return response.json()

    return make


def kinds(record: dict) -> list[str]:
    return [e["kind"] for e in record["trail"]]


def test_a_complaint_goes_through_its_whole_lifecycle_by_api(
    act, make_complaint, handler, manager, senior_manager, category
):
    ref = make_complaint().reference
    r = act(handler, ref, "acknowledge", {"method": "phone", "note": "Called back."})
    assert r["status"] == "acknowledged" and r["acknowledged_at"]
    r = act(
        handler,
        ref,
        "assess",
        {
            "severity": 3,
            "safety_implication": False,
            "complexity": 2,
            "impact": 2,
            "immediate_action_needed": False,
        },
    )
    assert r["status"] == "assessed" and r["priority"]
    r = act(manager, ref, "assign", {"assignee": "handler", "note": "Yours."})
    assert r["assignee"] == "handler"
    r = act(handler, ref, "investigate", {"plan": "Check the ledger."})
    assert r["status"] == "investigating"
    r = act(handler, ref, "await-complainant", {"question": "Which card was charged?"})
    assert r["status"] == "awaiting_complainant"
    r = act(handler, ref, "resume", {"note": "They answered."})
    assert r["status"] == "investigating"
    r = act(
        handler,
        ref,
        "decide",
        {
            "outcome": "partly_upheld",
            "reasons": "One charge was ours.",
            "remedies": [{"kind": "refund", "amount": "12.50", "currency": "gbp"}],
        },
    )
    assert r["status"] == "decided"
    assert r["decisions"][0]["remedies"][0]["currency"] == "GBP"
    r = act(handler, ref, "communicate-decision", {"method": "phone"})
    assert r["status"] == "decision_communicated"
    r = act(handler, ref, "reject", {"reason": "Both charges were wrong.", "channel": "phone"})
    assert r["status"] == "rejected" and r["complainant_answer"] == "rejected"
    r = act(manager, ref, "escalate", {"reviewer": "senior_manager", "reason": "Review."})
    assert r["status"] == "escalated" and r["assignee"] == "senior_manager"
    r = act(
        senior_manager,
        ref,
        "decide",
        {"outcome": "upheld", "reasons": "Both were ours.", "remedies": [{"kind": "apology"}]},
    )
    act(senior_manager, ref, "communicate-decision", {"method": "phone"})
    r = act(handler, ref, "accept", {"channel": "letter", "in_writing": True})
    assert r["status"] == "accepted"
    remedy = r["decisions"][-1]["remedies"][0]["id"]
    r = act(handler, ref, "carry-out-remedy", {"remedy": remedy, "evidence": "Letter sent."})
    assert r["decisions"][-1]["remedies"][0]["state"] == "carried_out"
    r = act(handler, ref, "classify", {"category": category.pk})
    assert r["category"]["name"] == "Billing"
    r = act(handler, ref, "close", {"note": "Resolved."})
    assert r["status"] == "closed" and r["closure_reason"] == "accepted_resolved"
    r = act(manager, ref, "reopen", {"reason": "They wrote again."})
    assert r["status"] == "investigating"
    r = act(handler, ref, "withdraw", {"reason": "No longer pursued."})
    assert r["status"] == "withdrawn"
    assert kinds(r)[-3:] == ["closed", "reopened", "withdrawn"]
    assert r["trail"][-1]["actor"] == "handler" and r["trail"][-1]["public"] is True


def _decided(act, ref, handler, remedies):
    act(
        handler,
        ref,
        "assess",
        {
            "severity": 1,
            "safety_implication": False,
            "complexity": 1,
            "impact": 1,
            "immediate_action_needed": False,
        },
    )
    act(handler, ref, "investigate", {})
    act(
        handler, ref, "decide", {"outcome": "upheld", "reasons": "Our error.", "remedies": remedies}
    )
    return act(handler, ref, "communicate-decision", {"method": "phone"})


def test_a_remedy_can_be_waived_and_a_complaint_referred_to_an_ombudsman(
    act, make_complaint, handler, manager
):
    ref = make_complaint().reference
    r = _decided(act, ref, handler, [{"kind": "replacement", "description": "New parcel"}])
    remedy = r["decisions"][0]["remedies"][0]["id"]
    r = act(manager, ref, "waive-remedy", {"remedy": remedy, "reason": "Item discontinued."})
    assert r["decisions"][0]["remedies"][0]["state"] == "waived"
    r = act(
        handler,
        ref,
        "refer-externally",
        {"body": ombudsman().pk, "case_reference": "FOS-1"},
    )
    assert r["status"] == "referred_externally"
    data = r["trail"][-1]["data"]
    assert (data["case_reference"], data["body"]) == ("FOS-1", "Financial Ombudsman Service")


def test_a_duplicate_is_merged_into_the_complaint_that_carries_on(act, make_complaint, manager):
    keep, duplicate = make_complaint(), make_complaint()
    r = act(manager, duplicate.reference, "merge", {"into": keep.reference, "reason": "Same"})
    assert r["status"] == "merged" and r["merged_into"] == keep.reference
    r = act(manager, keep.reference, "merge", {"into": "CMP-1999-000001"}, status=422)
    assert "CMP-1999-000001" in r["fields"]["into"][0]


def test_correspondence_is_kept_in_any_state(act, make_complaint, handler):
    ref = make_complaint().reference
    act(handler, ref, "withdraw", {})
    r = act(
        handler,
        ref,
        "add-correspondence",
        {"direction": "in", "channel": "letter", "sender": "Ada", "body": "Any news?"},
    )
    assert kinds(r)[-1] == "correspondence_in"
    assert Correspondence.objects.get(complaint__reference=ref).body == "Any news?"


def test_every_move_of_the_lifecycle_has_an_action_url(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    actions = {p.rsplit("/", 1)[1] for p in paths if "/actions/" in p}
    assert actions == {m.replace("_", "-") for m in ALLOWED if m not in SYSTEM_ONLY}

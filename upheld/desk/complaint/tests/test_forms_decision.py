"""The forms of the decision and what follows it (ISO 10002 7.7–7.9): decide with remedies,
communicate, record the answer given by phone or letter, escalate, refer externally, carry
out or waive a remedy."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.models import Complaint, Remedy, RemedyState, Status
from upheld.complaints.tests.helpers import ombudsman, pending_remedies

from .forms import remedy_rows, send

pytestmark = pytest.mark.django_db
S = Status


def fresh(c: Complaint) -> Complaint:
    return Complaint.objects.get(pk=c.pk)


def test_a_decision_with_its_remedies_and_amounts(client, handler, complaint_in):
    c = complaint_in(S.INVESTIGATING)
    client.force_login(handler)
    data = {
        "outcome": "partly_upheld",
        "reasons": "The second charge was ours.",
        **remedy_rows(
            {"kind": "apology", "description": "Sorry."},
            {"kind": "refund", "amount": "25.00", "currency": "GBP"},
        ),
    }
    answer, _ = send(client, c, "decide", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert fresh(c).status == S.DECIDED
    remedies = list(Remedy.objects.filter(decision__complaint=c).order_by("pk"))
    assert [(r.kind, r.amount) for r in remedies] == [("apology", None), ("refund", 25)]


def test_a_refund_without_its_amount_is_refused_on_its_row(client, handler, complaint_in):
    c = complaint_in(S.INVESTIGATING)
    client.force_login(handler)
    data = {
        "outcome": "upheld",
        "reasons": "Ours.",
        **remedy_rows({"kind": "apology"}, {"kind": "refund", "currency": "GBP"}),
    }
    answer, _ = send(client, c, "decide", data)
    text = answer.content.decode()
    assert 'id="id_remedies-1-amount_error"' in text and "needs an amount" in text
    assert fresh(c).status == S.INVESTIGATING


def test_a_decision_needs_its_reasons_and_a_row_needs_its_kind(client, handler, complaint_in):
    c = complaint_in(S.INVESTIGATING)
    client.force_login(handler)
    answer, _ = send(
        client, c, "decide", {"outcome": "upheld", **remedy_rows({"description": "x"})}
    )
    text = answer.content.decode()
    assert 'id="id_reasons_error"' in text and 'id="id_remedies-0-kind_error"' in text


def test_communicating_the_decision_and_its_refusal_without_an_address(
    client, handler, cast, complaint_in
):
    c = complaint_in(S.DECIDED)
    client.force_login(handler)
    answer, _ = send(client, c, "communicate-decision", {"method": "email", "message": "Hi"})
    assert answer.status_code == 302 and fresh(c).status == S.DECISION_COMMUNICATED

    by_phone = cast.bring_to(S.DECIDED, complainant={"name": "Bo", "phone": "0300 000"})
    answer, _ = send(client, by_phone, "communicate-decision", {"method": "email"})
    text = answer.content.decode()
    assert 'id="id_method_error"' in text and "has no e-mail address" in text
    answer, _ = send(client, by_phone, "communicate-decision", {"method": "letter"})
    assert "has no postal address" in answer.content.decode(), "no letter to post either"
    answer, _ = send(client, by_phone, "communicate-decision", {"method": "phone"})
    assert answer.status_code == 302


@pytest.mark.parametrize("action,status", [("accept", S.ACCEPTED), ("reject", S.REJECTED)])
def test_an_answer_given_by_phone_or_letter_is_recorded(
    client, handler, complaint_in, action, status
):
    c = complaint_in(S.DECISION_COMMUNICATED)
    client.force_login(handler)
    answer, _ = send(client, c, action, {"channel": "letter", "in_writing": "on"})
    assert answer.status_code == 302 and fresh(c).status == status
    event = fresh(c).events.order_by("-seq").first()
    assert event.data["channel"] == "letter" and event.data["in_writing"] is True


def test_escalation_to_a_reviewer_and_its_refusal_of_an_earlier_decider(
    client, manager, senior_manager, cast
):
    c = cast.bring_to(S.REJECTED)
    client.force_login(manager)
    answer, _ = send(client, c, "escalate", {"reviewer": "manager", "reason": "Asked."})
    assert answer.status_code == 302 and fresh(c).status == S.ESCALATED

    decided_by_senior = cast.bring_to(S.INVESTIGATING)
    lifecycle.decide(decided_by_senior, by=senior_manager, outcome="upheld", reasons="Ours.")
    lifecycle.communicate_decision(decided_by_senior, by=senior_manager)
    lifecycle.reject(decided_by_senior, by=manager, reason="No.", channel="phone")
    answer, _ = send(
        client, decided_by_senior, "escalate", {"reviewer": "senior_manager", "reason": "x"}
    )
    text = answer.content.decode()
    assert 'id="id_reviewer_error"' in text and "made an earlier decision" in text


def test_referral_to_a_configured_external_body_with_its_case_number(client, handler, complaint_in):
    c = complaint_in(S.REJECTED)
    body = ombudsman()
    client.force_login(handler)
    answer, _ = send(client, c, "refer-externally", {"case_reference": "FOS-9"})
    assert 'id="id_body_error"' in answer.content.decode()
    answer, _ = send(
        client, c, "refer-externally", {"body": str(body.pk), "case_reference": "FOS-9"}
    )
    assert answer.status_code == 302 and fresh(c).status == S.REFERRED_EXTERNALLY
    assert fresh(c).external_referrals.get().case_reference == "FOS-9"


def test_a_remedy_carried_out_with_evidence_and_one_waived_by_a_manager(
    client, handler, manager, complaint_in
):
    c = complaint_in(S.ACCEPTED)
    apology, refund = pending_remedies(c)
    client.force_login(handler)
    answer, _ = send(client, c, "carry-out-remedy", {"remedy": str(apology.pk)})
    assert 'id="id_evidence_error"' in answer.content.decode()
    answer, _ = send(
        client, c, "carry-out-remedy", {"remedy": str(apology.pk), "evidence": "Letter sent."}
    )
    assert answer.status_code == 302
    client.force_login(manager)
    page = client.get(f"/desk/complaints/{c.reference}/waive-remedy/").content.decode()
    assert f'<option value="{refund.pk}">' in page and f'value="{apology.pk}"' not in page
    answer, _ = send(client, c, "waive-remedy", {"remedy": str(refund.pk), "reason": "Declined."})
    assert answer.status_code == 302
    states = set(Remedy.objects.filter(decision__complaint=c).values_list("state", flat=True))
    assert states == {RemedyState.CARRIED_OUT, RemedyState.WAIVED}

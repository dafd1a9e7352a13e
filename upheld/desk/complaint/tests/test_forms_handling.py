"""The forms of triage, assessment, assignment and investigation (ISO 10002 clause 3, 7.5,
5.3, 4.5, 7.6): each made through the lifecycle, each refusal beside its field."""

import pytest
from django.urls import reverse

from upheld.complaints.models import Complaint, Priority, Status

from .forms import send

pytestmark = pytest.mark.django_db
S = Status


def fresh(c: Complaint) -> Complaint:
    return Complaint.objects.get(pk=c.pk)


def test_triage_records_a_complaint_and_goes_back_to_its_page(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "triage", {"is_complaint": "True", "reason": "Wants a refund."})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("desk:complaint", args=[c.reference])
    assert fresh(c).triage == "complaint"
    page = client.get(answer["Location"]).content.decode()
    assert "Decide whether it is a complaint: done." in page


def test_triage_refuses_without_an_answer_or_a_reason(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "triage", {})
    text = answer.content.decode()
    assert answer.status_code == 200 and "There is a problem" in text
    assert 'id="id_is_complaint_error"' in text and 'id="id_reason_error"' in text
    assert fresh(c).triage == ""


ASSESSMENT = {
    "severity": "4",
    "safety_implication": "True",
    "complexity": "2",
    "impact": "3",
    "immediate_action_needed": "True",
    "note": "Card blocked abroad.",
}


def test_assessment_sets_the_priority(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "assess", ASSESSMENT)
    assert answer.status_code == 302
    c = fresh(c)
    assert c.status == S.ASSESSED and c.priority == Priority.URGENT and c.severity == 4


def test_assessment_refuses_a_value_off_its_scale_beside_the_field(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "assess", {**ASSESSMENT, "severity": "9"})
    assert 'id="id_severity_error"' in answer.content.decode()
    assert fresh(c).status == S.RECEIVED


def test_assessment_asks_for_the_product_where_the_complaint_came_without_it(client, handler, cast):
    c = cast.receive(channel="email", product="", remedy_sought="")
    client.force_login(handler)
    answer, _ = send(client, c, "assess", ASSESSMENT)
    text = answer.content.decode()
    assert 'id="id_product_error"' in text and "is not recorded yet" in text
    assert 'id="id_remedy_sought_error"' in text
    answer, _ = send(
        client, c, "assess", {**ASSESSMENT, "product": "Debit card", "remedy_sought": "not stated"}
    )
    assert answer.status_code == 302 and fresh(c).product == "Debit card"


def test_assignment_by_a_manager_offers_the_handlers(client, manager, handler, cast):
    c = cast.bring_to(S.ASSESSED)
    client.force_login(manager)
    page = client.get(reverse("desk:move", args=[c.reference, "assign"])).content.decode()
    assert '<option value="handler">' in page
    answer, _ = send(client, c, "assign", {"assignee": "handler", "note": "Yours."})
    assert answer.status_code == 302 and fresh(c).assignee == handler


def test_assignment_refuses_someone_involved_saying_why(client, manager, handler, cast):
    c = cast.receive(involved_users=[handler])
    client.force_login(manager)
    answer, _ = send(client, c, "assign", {"assignee": "handler"})
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "is recorded as involved in" in text and "objectivity" in text
    assert fresh(c).assignee is None


def test_assignment_refuses_someone_without_a_handling_role(client, manager, auditor, cast):
    c = cast.receive()
    client.force_login(manager)
    answer, _ = send(client, c, "assign", {"assignee": "auditor"})
    assert 'id="id_assignee_error"' in answer.content.decode()
    assert fresh(c).assignee is None


def test_investigation_starts_and_the_complainant_is_asked_then_handling_resumes(
    client, handler, cast
):
    c = cast.bring_to(S.ASSESSED)
    client.force_login(handler)
    answer, _ = send(client, c, "investigate", {"plan": "Read the card logs."})
    assert answer.status_code == 302 and fresh(c).status == S.INVESTIGATING
    answer, _ = send(client, c, "await-complainant", {})
    assert 'id="id_question_error"' in answer.content.decode()
    answer, _ = send(client, c, "await-complainant", {"question": "Which card?"})
    assert answer.status_code == 302 and fresh(c).status == S.AWAITING_COMPLAINANT
    answer, _ = send(client, c, "resume", {"note": "They answered: the blue one."})
    assert answer.status_code == 302 and fresh(c).status == S.INVESTIGATING


def test_a_form_of_a_move_the_state_does_not_allow_says_so(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    page = client.get(reverse("desk:move", args=[c.reference, "decide"]))
    assert page.status_code == 409
    assert "cannot decide" in page.content.decode()


def test_a_form_of_a_move_the_role_does_not_allow_says_so(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    page = client.get(reverse("desk:move", args=[c.reference, "assign"]))
    assert page.status_code == 403
    assert "Only a complaints manager can assign" in page.content.decode()
    answer = client.post(reverse("desk:move", args=[c.reference, "assign"]), {})
    assert answer.status_code == 403 and fresh(c).assignee is None


def test_an_unknown_move_or_one_only_upheld_makes_has_no_form(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    for action in ("fly", "record-message-failure", "receive", "add_correspondence"):
        assert client.get(reverse("desk:move", args=[c.reference, action])).status_code == 404

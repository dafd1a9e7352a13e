"""ISO 10002 7.9 and 7.3 from the complainant's side: with the private link only, they
answer the decision and write to us about the complaint; each lands in the trail through
the lifecycle, a double click records nothing twice, and bad input changes nothing."""

import re

import pytest
from django.test import Client

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.events import data_of
from upheld.complaints.models import Correspondence, Status
from upheld.notify.models import Message

pytestmark = pytest.mark.django_db
S = Status
REMEDIES = [{"kind": "apology", "description": "We are sorry."}]


@pytest.fixture
def decided(make_complaint, handler):
    """A complaint whose decision was sent to the complainant."""
    c = make_complaint()
    lifecycle.assess(
        c,
        by=handler,
        severity=2,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )
    lifecycle.investigate(c, by=handler)
    lifecycle.decide(
        c,
        by=handler,
        outcome="partly_upheld",
        remedies=REMEDIES,
        reasons="The fee was wrong; the delay was not ours.",
    )
    lifecycle.communicate_decision(c, by=handler)
    return c


def page(client, c, **kwargs):
    return client.get(f"/track/{c.secret}", **kwargs).content.decode()


def post(client, c, what, **data):
    prefix = "answer" if what == "answer" else "message"
    fields = {f"{prefix}-{k}": v for k, v in data.items()}
    if what == "message":  # the page's one-time token: one message however often it is sent
        fields["form_token"] = re.search(r'name="form_token" value="([^"]+)"', page(client, c))[1]
    return client.post(f"/track/{c.secret}/{what}", fields)


def test_the_page_shows_the_decision_and_asks_for_the_answer(client, decided):
    html = page(client, decided)
    assert "Partly upheld." in html and "The fee was wrong" in html
    assert "Apology: We are sorry." in html
    assert 'name="answer-answer"' in html and "Send my answer" in html


def test_the_complainant_accepts_the_decision_on_the_page(client, decided):
    response = post(client, decided, "answer", answer="accepted")
    assert response.status_code == 302 and response["Referrer-Policy"] == "same-origin"
    decided.refresh_from_db()
    assert (decided.status, decided.complainant_answer) == (S.ACCEPTED, "accepted")
    event = decided.events.get(kind="accepted")
    assert event.actor_label == "complainant" and event.public
    assert data_of(event) == {
        "channel": "portal",
        "in_writing": True,
        "note": "",
        "from": "decision_communicated",
        "to": "accepted",
    }
    html = page(client, decided, data={"sent": "answer"})
    assert "we have your answer" in html and "You accepted our decision." in html
    assert 'name="answer-answer"' not in html, "nothing left to answer"


def test_not_accepting_needs_the_reason_and_keeps_the_complaint_open(client, decided):
    response = post(client, decided, "answer", answer="rejected", reason="  ")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and "Tell us why you do not accept" in html
    decided.refresh_from_db()
    assert decided.status == S.DECISION_COMMUNICATED

    post(client, decided, "answer", answer="rejected", reason="The delay was yours too.")
    decided.refresh_from_db()
    assert decided.status == S.REJECTED and decided.is_open
    assert data_of(decided.events.get(kind="rejected"))["note"] == "The delay was yours too."
    assert Message.objects.filter(complaint=decided, kind="recourse").exists()


def test_a_double_click_records_the_answer_once(client, decided):
    assert post(client, decided, "answer", answer="accepted").status_code == 302
    assert post(client, decided, "answer", answer="accepted").status_code == 302
    assert decided.events.filter(kind="accepted").count() == 1
    response = post(client, decided, "answer", answer="rejected", reason="Changed my mind.")
    assert response.status_code == 409 and "no decision waiting" in response.content.decode()
    decided.refresh_from_db()
    assert decided.status == S.ACCEPTED


def test_there_is_nothing_to_answer_before_a_decision_is_sent(client, make_complaint):
    c = make_complaint()
    assert 'name="answer-answer"' not in page(client, c)
    assert post(client, c, "answer", answer="accepted").status_code == 409
    c.refresh_from_db()
    assert c.status == S.RECEIVED


def test_the_complainant_writes_to_us_whatever_the_state(client, decided):
    lifecycle.accept(decided, by=COMPLAINANT)
    response = post(client, decided, "message", body="Thanks. Please post the letter too.")
    assert response.status_code == 302
    [item] = Correspondence.objects.filter(complaint=decided)
    assert (item.direction, item.channel, item.body) == (
        "in",
        "web",
        "Thanks. Please post the letter too.",
    )
    event = decided.events.get(kind="correspondence_in")
    assert event.public and data_of(event)["from_party"] is True
    assert "we have your message" in page(client, decided, data={"sent": "message"})


def test_an_empty_message_is_refused_and_nothing_is_kept(client, decided):
    response = post(client, decided, "message", body="   ")
    assert response.status_code == 400
    assert "Write your message, or choose a file to send." in response.content.decode()
    assert not Correspondence.objects.exists()


def test_only_the_private_link_opens_the_forms_and_they_need_the_csrf_token(client, decided):
    assert (
        client.post(f"/track/{decided.reference}/answer", {"answer-answer": "accepted"}).status_code
        == 404
    )
    assert client.get(f"/track/{decided.secret}/answer").status_code == 405
    forged = Client(enforce_csrf_checks=True)
    assert (
        forged.post(f"/track/{decided.secret}/answer", {"answer-answer": "accepted"}).status_code
        == 403
    )
    decided.refresh_from_db()
    assert decided.status == S.DECISION_COMMUNICATED


def test_the_forms_speak_the_complainants_language(client, decided):
    html = page(client, decided, HTTP_ACCEPT_LANGUAGE="es")
    assert "¿Acepta nuestra decisión?" in html and "Envíenos información o archivos" in html


def test_the_page_names_the_answer_given_and_why_the_complaint_was_closed(
    client, decided, handler, category
):
    """The stored choices, in the complainant's words (ISO 10002 7.3, 7.9)."""
    post(client, decided, "answer", answer="accepted")
    html = page(client, decided)
    assert '<dd id="answer">Accepted the decision</dd>' in html
    assert 'id="closure-reason"' not in html, "still open"
    lifecycle.classify(decided, by=handler, category=category)
    apology = lifecycle.current_decision(decided).remedies.get()
    lifecycle.carry_out_remedy(decided, by=handler, remedy=apology.pk, evidence="Letter sent.")
    lifecycle.close(decided, by=handler)
    html = page(client, decided)
    assert '<dd id="closure-reason">Resolved: the complainant accepted</dd>' in html

"""ISO 10002 7.3, 7.6, 7.8, 7.9, 4.3 from the complainant's side: with the private link only,
they send information and files (checked as the complaint form checks them; the handler
told; a paused clock running again), see every decision and its letter also after answering
it, the remedies' progress and the recourse open now, ask for the internal review after a
rejection, withdraw (the handler told) and say how to contact them — each through the
lifecycle, into the trail; bad input names its field and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.events import data_of
from upheld.complaints.models import Attachment, Correspondence, Status
from upheld.deadlines.models import Clock
from upheld.notify.models import Message, Notice

from .conftest import page, post, token_of

pytestmark = pytest.mark.django_db
S = Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_information_and_a_file_reach_the_trail_and_the_handler(client, investigating, handler):
    handler.email = "handler@bank.example"
    handler.save()
    c = investigating()
    statement = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
    response = post(
        client, c.secret, "message", {"body": "My statement.", "attachments": statement}
    )
    assert response.status_code == 302 and response["Location"].endswith("?sent=message#sent")
    [item] = Correspondence.objects.filter(complaint=c)
    assert (item.direction, item.channel, item.body) == ("in", "web", "My statement.")
    assert Attachment.objects.get(correspondence=item).filename == "statement.pdf"
    event = c.events.get(kind="correspondence_in")
    assert event.public and data_of(event)["attachments"][0]["filename"] == "statement.pdf"
    told = Message.objects.get(complaint=c, kind="complainant_wrote")
    assert told.recipient_user == handler and told.to == "handler@bank.example"
    assert "we have your message" in page(client, c.secret, data={"sent": "message"})


def test_a_file_the_complaint_form_would_refuse_is_refused_naming_the_field(client, investigating):
    c = investigating()
    program = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    response = post(client, c.secret, "message", {"body": "See file.", "attachments": program})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_message-attachments"' in html and "invoice.pdf" in html
    assert not Correspondence.objects.exists() and not Attachment.objects.exists()


def test_too_many_files_are_refused_before_any_is_read(client, investigating, settings):
    settings.UPHELD_ATTACHMENT_MAX_FILES = 1
    c = investigating()
    files = [SimpleUploadedFile(f"s{n}.pdf", PDF) for n in range(2)]
    response = post(client, c.secret, "message", {"attachments": files})
    assert response.status_code == 400 and "at most 1 files" in response.content.decode()
    assert not Correspondence.objects.exists()


def test_the_same_form_sent_twice_keeps_one_message(client, investigating):
    c = investigating()
    fields = {"message-body": "Once.", "form_token": token_of(page(client, c.secret))}
    assert client.post(f"/track/{c.secret}/message", fields).status_code == 302
    assert client.post(f"/track/{c.secret}/message", fields).status_code == 302
    assert Correspondence.objects.filter(complaint=c).count() == 1


def test_a_form_without_its_token_is_not_taken(client, investigating):
    c = investigating()
    response = client.post(f"/track/{c.secret}/message", {"message-body": "Hi."})
    assert response.status_code == 400 and not Correspondence.objects.exists()


def test_the_answer_we_waited_for_resumes_the_paused_clock(client, investigating, handler):
    c = investigating()
    lifecycle.await_complainant(c, by=handler, question="Which card did you pay with?")
    html = page(client, c.secret)
    assert "Which card did you pay with?" in html and "Our time limit is paused" in html
    paused = Clock.objects.filter(complaint=c, paused_at__isnull=False)
    assert paused.exists()
    due_before = {k.pk: k.due_at for k in paused}
    post(client, c.secret, "message", {"body": "The Visa ending 4242."})
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING
    resumed = c.events.get(kind="resumed")
    assert resumed.actor_label == "complainant" and not resumed.public
    for clock in Clock.objects.filter(pk__in=due_before):
        assert clock.paused_at is None and clock.due_at >= due_before[clock.pk]


def test_every_decision_and_its_letter_stay_after_the_answer(
    client, decided, run_worker, bodies, handler
):
    c = decided()
    run_worker()  # the decision e-mail is written and sent
    post(client, c.secret, "answer", {"answer": "accepted"})
    html = page(client, c.secret)
    assert "You accepted our decision" in html and "Partly upheld." in html
    assert "The fee was wrong" in html and "still to do" in html
    assert "35.00 GBP" in html
    decision = lifecycle.current_decision(c)
    refund = decision.remedies.get(kind="refund")
    lifecycle.carry_out_remedy(c, by=handler, remedy=refund.pk, evidence="INTERNAL-EVIDENCE")
    html = page(client, c.secret)
    assert "done on" in html and "INTERNAL-EVIDENCE" not in html
    letter = client.get(f"/track/{c.secret}/decisions/{decision.pk}")
    body = Message.objects.get(complaint=c, kind="decision").body
    assert letter.status_code == 200 and body.splitlines()[0] in letter.content.decode()
    assert letter["Referrer-Policy"] == "same-origin"


def test_the_recourse_open_now_names_the_bodies_with_contacts_and_time_limits(
    client, decided, bodies
):
    c = decided()
    html = page(client, c.secret)
    for shown in (
        "Financial Ombudsman Service",
        "within 6 months of our final response",
        "https://www.financial-ombudsman.org.uk/",
        "0800 023 4567",
        "complaint.info@financial-ombudsman.org.uk",
        "Exchange Tower",
        "If you do not accept our decision, tell us above",
    ):
        assert shown in html, shown
    assert "handler" not in html, "no staff names"


def test_after_a_rejection_the_complainant_asks_for_the_internal_review_once(
    client, decided, bodies, manager
):
    manager.email = "manager@bank.example"
    manager.save()
    c = decided()
    assert c.assignee is not None and not c.assignee.email
    assert 'id="review"' not in page(client, c.secret), "not before a rejection"
    assert post(client, c.secret, "review", {"reason": "Too early."}).status_code == 409
    post(client, c.secret, "answer", {"answer": "rejected", "reason": "The delay was yours."})
    html = page(client, c.secret)
    assert "Ask for an internal review" in html and "Head of Complaints" in html
    response = post(client, c.secret, "review", {"reason": "Please look at the delay."})
    assert response.status_code == 302
    event = c.events.get(kind="review_requested")
    assert event.public and data_of(event)["reason"] == "Please look at the delay."
    # Whoever works it is told, on the desk (no e-mail address); the managers are not.
    assert Notice.objects.filter(complaint=c, kind="review_requested", recipient=c.assignee)
    assert not Message.objects.filter(complaint=c, kind="review_requested")
    html = page(client, c.secret)
    assert "You asked for an internal review on" in html and 'id="send-review"' not in html
    assert post(client, c.secret, "review", {"reason": "Again."}).status_code == 409
    assert c.events.filter(kind="review_requested").count() == 1


def test_the_complainant_withdraws_with_an_optional_reason_and_the_handler_is_told(
    client, investigating, handler
):
    handler.email = "handler@bank.example"
    handler.save()
    c = investigating()
    response = post(client, c.secret, "withdraw", {"reason": "Sorted out at the branch."})
    assert response.status_code == 400, "the box confirms it"
    assert "Tick the box" in response.content.decode()
    post(client, c.secret, "withdraw", {"confirm": "on", "reason": "Sorted out at the branch."})
    c.refresh_from_db()
    assert (c.status, c.closure_reason) == (S.WITHDRAWN, "withdrawn")
    event = c.events.get(kind="withdrawn")
    assert event.actor_label == "complainant" and data_of(event)["told"] == [handler.pk]
    told = Message.objects.get(complaint=c, kind="complaint_withdrawn")
    assert told.recipient_user == handler and told.context["reason"] == "Sorted out at the branch."
    assert not Clock.objects.filter(complaint=c, stopped_at__isnull=True).exists()
    html = page(client, c.secret)
    assert "Your complaint was withdrawn" in html and 'id="withdraw"' not in html
    assert post(client, c.secret, "withdraw", {"confirm": "on"}).status_code == 302, "twice"


def test_the_complainant_chooses_how_we_contact_them_among_what_we_have(client, investigating):
    c = investigating(
        complainant={"name": "Ada", "email": "ada@example.org", "postal_address": "1 Road"}
    )
    html = page(client, c.secret)
    assert 'value="letter"' in html and 'value="phone"' not in html
    assert post(client, c.secret, "contact", {"preference": "phone"}).status_code == 400
    assert post(client, c.secret, "contact", {"preference": "letter"}).status_code == 302
    c.complainant.refresh_from_db()
    assert c.complainant.contact_preference == "letter"
    assert lifecycle.written_way(c.complainant) == "letter"
    assert c.events.get(kind="contact_preference_set").public


def test_staff_cannot_be_given_a_preference_we_cannot_honour(investigating, handler):
    from upheld.complaints.errors import InvalidInput

    c = investigating()
    with pytest.raises(InvalidInput) as refused:
        lifecycle.choose_contact(c, by=COMPLAINANT, preference="letter")
    assert list(refused.value.errors) == ["preference"]


def test_the_page_says_what_happens_next_and_by_when_in_plain_words(client, investigating):
    c = investigating()
    html = page(client, c.secret)
    due = c.response_due_at
    assert "We are looking into what happened" in html
    assert f"send you our decision and the reasons for it by {due.day} {due:%B} {due.year}" in html
    for internal in ("INTERNAL-NOTE", "INTERNAL-PLAN"):
        assert internal not in html
    es = page(client, c.secret, HTTP_ACCEPT_LANGUAGE="es")
    assert "Estamos investigando lo ocurrido" in es


def test_only_a_complaints_manager_ends_a_complaint_as_abusive(investigating, handler, manager):
    from upheld.complaints.errors import NotPermitted

    c = investigating()
    with pytest.raises(NotPermitted):
        lifecycle.withdraw(c, by=handler, reason="Threats to staff.", abusive=True)
    lifecycle.withdraw(c, by=manager, reason="Threats to staff.", abusive=True)
    c.refresh_from_db()
    assert c.closure_reason == "withdrawn_abusive"

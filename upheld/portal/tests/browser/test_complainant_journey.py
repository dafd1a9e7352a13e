"""End to end in a real browser, as a complainant (ISO 10002 7.3, 7.8, 7.9, 8.3; 4.3
accessibility): the acknowledgement e-mail's link read from a real SMTP server opens the
complaint; they send information with a file, accept the decision, read its letter, and
after closure answer the satisfaction survey from its own e-mail — in English and Spanish,
with no JavaScript of the site's, and axe-core finds no WCAG 2.2 A/AA violation on any page
of the portal, its error states included. A lost link is got back from the recovery page."""

import re

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.models import Attachment, Complaint
from upheld.organisation.models import ExternalBody, Organisation
from upheld.survey import invitations
from upheld.survey.models import Response

WORDS = {
    "en": {"stage": "We are looking into what happened", "accepted": "You accepted our decision"},
    "es": {"stage": "Estamos investigando lo ocurrido", "accepted": "Aceptó nuestra decisión"},
}


@pytest.fixture
def organisation(transactional_db):
    org = Organisation.current()
    org.name = "Acme Services"
    org.contact_phone = "0300 123 4567"
    org.internal_review = "Write to our Head of Complaints."
    org.save()
    ExternalBody.objects.create(
        name="The Ombudsman",
        website="https://ombudsman.example/",
        phone="0800 023 4567",
        email="help@ombudsman.example",
        postal_address="1 Ombudsman Way, London",
        when_to_go="After our final response, and within 6 months of it.",
    )
    return org


@pytest.fixture
def staff(transactional_db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from upheld.complaints.roles import HANDLER

    handler = get_user_model().objects.create_user(
        "handler", password="x-test-password-1", email="handler@acme.example"
    )
    handler.groups.add(Group.objects.get(name=HANDLER))
    return handler


def _text(mail) -> str:
    """The mail's text (a letter's e-mail is multipart: the text and the PDF attached)."""
    return mail.get_body(preferencelist=("plain",)).get_content()


def link_in(mail, path: str) -> str:
    found = re.search(rf"https?://\S+{path}\S+", _text(mail))
    assert found, _text(mail)
    return found[0]


def no_violations(page, axe) -> None:
    assert axe(page) == [], page.url


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_complainant_follows_the_complaint_from_the_acknowledgement_to_the_survey(
    live_server,
    organisation,
    staff,
    new_page,
    axe,
    screenshot,
    run_worker,
    smtp_server,
    settings,
    tmp_path,
    language,
):
    settings.SITE_URL = live_server.url
    address = f"ada-{language}@example.org"
    c = lifecycle.receive(
        channel="web",
        description="The parcel arrived broken.",
        complainant={"name": "Ada Lovelace", "email": address, "preferred_language": language},
        product="Order 12345",
        remedy_sought="A new one.",
    )
    lifecycle.assess(
        c,
        by=staff,
        severity=2,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )
    lifecycle.investigate(c, by=staff)
    run_worker()
    [acknowledgement] = smtp_server.to(address)
    link = link_in(acknowledgement, "/track/")

    page = new_page(language)
    page.goto(link)
    assert page.get_attribute("html", "lang") == language
    assert WORDS[language]["stage"] in page.inner_text("#stage")
    assert "Acme Services" in page.inner_text(".site-name")
    no_violations(page, axe)
    screenshot(page, f"portal-track-{language}")

    # Information with nothing in it: the error state, then a message with a file.
    page.click("#send-message")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    no_violations(page, axe)
    screenshot(page, f"portal-message-errors-{language}")
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.fill("#id_message-body", "The receipt for the parcel.")
    page.set_input_files("#id_message-attachments", str(receipt))
    with page.expect_navigation():
        page.click("#send-message")
    page.wait_for_selector("#sent")
    no_violations(page, axe)
    assert Attachment.objects.get(complaint=c).filename == "receipt.pdf"

    # The decision: read it, answer it (error state first), read its letter.
    lifecycle.decide(
        c,
        by=staff,
        outcome="upheld",
        reasons="It broke in our warehouse.",
        remedies=[{"kind": "replacement", "description": "A new parcel"}],
    )
    lifecycle.communicate_decision(c, by=staff)
    run_worker()
    page.goto(link)
    assert "It broke in our warehouse." in page.inner_text("#decisions")
    assert "The Ombudsman" in page.inner_text("#recourse")
    no_violations(page, axe)
    screenshot(page, f"portal-decision-{language}")
    page.click("#send-answer")
    page.wait_for_selector("#error-summary")
    no_violations(page, axe)
    page.check("#id_answer-answer_0")
    with page.expect_navigation():
        page.click("#send-answer")
    page.wait_for_selector("#sent")
    assert WORDS[language]["accepted"] in page.inner_text("#stage")
    assert "It broke in our warehouse." in page.inner_text("#decisions"), "still shown"
    no_violations(page, axe)
    with page.expect_navigation():
        page.click(f"#decision-{lifecycle.current_decision(c).pk} a")
    assert "It broke in our warehouse." in page.inner_text("#letter")
    no_violations(page, axe)

    # Closure, then the survey from its own e-mail: the error state, then the answers.
    from upheld.complaints.models import Category

    lifecycle.classify(c, by=staff, category=Category.objects.get_or_create(name="Delivery")[0])
    replacement = lifecycle.current_decision(c).remedies.get()
    lifecycle.carry_out_remedy(c, by=staff, remedy=replacement.pk, evidence="Sent 3 March.")
    lifecycle.close(c, by=staff)
    assert invitations.run()["invited"] == 1
    run_worker()
    [invitation] = [m for m in smtp_server.to(address) if "/survey/" in _text(m)]
    page.goto(link_in(invitation, "/survey/"))
    no_violations(page, axe)
    page.click("#send-survey")
    page.wait_for_selector("#error-summary")
    no_violations(page, axe)
    screenshot(page, f"portal-survey-errors-{language}")
    for name, score in (
        ("ease", 4),
        ("kept_informed", 3),
        ("time_taken", 4),
        ("fairness", 5),
        ("understood_decision", 5),
        ("overall", 4),
    ):
        page.check(f"#id_survey-{name}_{score - 1}")
    page.fill("#id_survey-comment", "Clear letters.")
    screenshot(page, f"portal-survey-{language}")
    with page.expect_navigation():
        page.click("#send-survey")
    page.wait_for_selector("#sent")
    no_violations(page, axe)
    assert Response.objects.get(invitation__complaint=c).overall == 4

    page.goto(link)
    assert page.is_visible("#survey") and not page.is_visible("#open-survey")
    no_violations(page, axe)
    screenshot(page, f"portal-closed-{language}")
    assert Complaint.objects.get(pk=c.pk).status == "closed"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_lost_link_is_got_back_and_the_wrong_ones_read_alike(
    live_server,
    organisation,
    new_page,
    axe,
    screenshot,
    run_worker,
    smtp_server,
    settings,
    language,
):
    settings.SITE_URL = live_server.url
    c = lifecycle.receive(
        channel="web",
        description="The parcel arrived broken.",
        complainant={"name": "Ada", "email": "ada@example.org", "preferred_language": language},
        product="Order 12345",
        remedy_sought="A new one.",
    )
    page = new_page(language)
    response = page.goto(f"{live_server.url}/track/{c.secret}x")
    assert response.status == 404
    no_violations(page, axe)
    with page.expect_navigation():
        page.click("#recover-link")
    no_violations(page, axe)
    screenshot(page, f"portal-recover-{language}")
    page.click("#send-recover")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    no_violations(page, axe)
    page.fill("#id_reference", c.reference)
    page.fill("#id_contact", "ada@example.org")
    with page.expect_navigation():
        page.click("#send-recover")
    page.wait_for_selector("#sent")
    no_violations(page, axe)
    run_worker()
    [mail] = [m for m in smtp_server.to("ada@example.org") if "/track/" in _text(m)][-1:]
    new_link = link_in(mail, "/track/")
    assert page.goto(f"{live_server.url}/track/{c.secret}").status == 404, "the old link"
    assert page.goto(new_link).status == 200

"""The desk's letters pages in a real browser (Debian's Chromium), each passing axe-core's
WCAG 2.2 A/AA checks (ISO 10002 7.3, 7.8; capability 28, 29): a handler writes a letter
from a template, previews it and sends it; the post room lists the acknowledgement of a
complainant with only a postal address, marked posted from the keyboard; the complaints
manager keeps the templates — lists them, previews an edit for a sample complaint, is
refused a final response that lacks the ombudsman, and saves a new version. Screenshots go
under docs/screenshots/ (docs/make_screenshots.py desk)."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
from upheld.complaints.tests.helpers import ASSESSMENT
from upheld.letters import service
from upheld.letters.models import Letter, Template
from upheld.organisation.models import ExternalBody, Organisation
from upheld.testing import people, sign_in

FOS = {
    "name": "Financial Ombudsman Service",
    "website": "https://www.financial-ombudsman.org.uk",
    "phone": "0800 023 4567",
    "postal_address": "Financial Ombudsman Service\nExchange Tower\nLondon\nE14 9SR",
}


@pytest.fixture
def office(transactional_db):
    org = Organisation.current()
    org.name, org.postal_address = "Acme Bank", "1 High Street\nLondon\nEC1A 1AA"
    org.contact_phone = "0300 123 4567"
    org.save()
    ExternalBody.objects.create(**FOS)
    users = people(("hana", HANDLER), ("manu", COMPLAINTS_MANAGER))
    emailed = lifecycle.receive(
        channel="web",
        description="I was charged twice for the same order.",
        complainant={"name": "Ada Lovelace", "email": "ada@example.org"},
        product="Debit card",
        remedy_sought="Refund the second charge.",
    )
    emailed = lifecycle.assess(emailed, by=users["manu"], **ASSESSMENT)
    emailed = lifecycle.investigate(emailed, by=users["hana"], plan="Check the card logs.")
    posted = lifecycle.receive(
        channel="letter",
        description="My standing order was paid twice.",
        complainant={"name": "Grace Hopper", "postal_address": "7 Harbour Row\nPortsmouth"},
        product="Current account",
        remedy_sought="Return the second payment.",
        by=users["hana"],
    )
    for letter in Letter.objects.filter(complaint=posted):
        assert service.OUTBOX.deliver(letter.pk) == "sent"  # printed: it waits to be posted
    return emailed, posted, users


def test_a_handler_writes_previews_and_sends_a_letter_and_posts_one(
    live_server, office, new_page, axe, screenshot
):
    emailed, posted, _users = office
    letters = f"/desk/complaints/{emailed.reference}/letters/"
    page = sign_in(new_page, live_server, "hana", f"{letters}?kind=progress_update")
    assert axe(page) == [], "the letters page with a template filled"
    page.fill("#id_body", page.input_value("#id_body") + "\n\nWe expect the card logs by Friday.")
    with page.expect_navigation():
        page.click("#preview-letter")
    assert "We expect the card logs by Friday." in page.inner_text("#preview")
    assert axe(page) == [], "the preview"
    screenshot(page, "desk-letters")
    with page.expect_navigation():
        page.click("#send-letter")
    assert "The letter is sent" in page.inner_text("#messages")
    assert axe(page) == [], "the letters page with the letter kept"
    sent = Letter.objects.get(complaint=emailed, kind="progress_update")
    assert "We expect the card logs by Friday." in sent.body and sent.edited

    page.goto(f"{live_server.url}/desk/post-room/")
    [waiting] = Letter.objects.filter(complaint=posted, kind="acknowledgement")
    assert posted.reference in page.inner_text(f"#post-{waiting.pk}")
    assert axe(page) == [], "the post room"
    screenshot(page, "desk-post-room")
    page.focus(f"#posted-{waiting.pk}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    waiting.refresh_from_db()
    assert waiting.posted_on is not None
    assert axe(page) == [], "the post room after posting"

    refused = page.goto(f"{live_server.url}/desk/letter-templates/")
    assert refused.status == 403, "a handler does not keep the templates"


def test_the_manager_keeps_the_templates(live_server, office, new_page, axe, screenshot):
    page = sign_in(new_page, live_server, "manu", "/desk/letter-templates/")
    assert "Letter templates" in page.inner_text("h1")
    assert axe(page) == [], "the list of templates"
    screenshot(page, "desk-letter-templates")

    with page.expect_navigation():
        page.click("#t-decision-fca-en")
    assert axe(page) == [], "a template's versions"
    page.fill("#id_body", "Dear {{ name }},\n\n{{ decision.reasons }}\n\nAsk us for a review.")
    with page.expect_navigation():
        page.click("#save-template")
    assert "This template cannot be saved" in page.inner_text("#error-summary")
    assert "six-month time limit" in page.inner_text("#missing")
    assert axe(page) == [], "the refusal naming what is missing"
    screenshot(page, "desk-letter-template-refused")
    assert not Template.objects.filter(kind="decision", regime="fca", language="en", version=2)

    page.goto(f"{live_server.url}/desk/letter-templates/closure/iso/en/")
    page.fill("#id_body", "Dear {{ salutation_name }},\n\nComplaint {{ reference }} is closed.")
    page.fill("#id_note", "Shorter.")
    with page.expect_navigation():
        page.click("#preview-template")
    assert "Complaint CMP-2026-000123 is closed." in page.inner_text("#preview")
    assert axe(page) == [], "the preview for a sample complaint"
    screenshot(page, "desk-letter-template-preview")
    with page.expect_navigation():
        page.click("#save-template")
    assert "Version 2 is saved" in page.inner_text("#messages")
    assert page.locator("#version-2").count() == 1 and page.locator("#version-1").count() == 1
    assert axe(page) == []

    spanish = sign_in(new_page, live_server, "manu", "/desk/")
    spanish.context.add_cookies(
        [{"name": "django_language", "value": "es", "url": live_server.url}]
    )
    spanish.goto(f"{live_server.url}/desk/letter-templates/")
    assert "Plantillas de cartas" in spanish.inner_text("h1")
    assert axe(spanish) == []

"""End to end in a real browser (ISO 10002 4.3 accessibility, 7.2 receipt, 7.4
acknowledgement): a new user files a complaint with the keyboard only, and the public pages
pass axe-core's WCAG 2.2 A/AA checks in English and Spanish."""

import re

import pytest

from upheld.complaints.models import Complaint
from upheld.organisation.models import ExternalBody, Organisation


@pytest.fixture
def organisation(transactional_db):
    org = Organisation.current()
    org.name = "Acme Services"
    org.contact_email = "complaints@acme.example"
    org.contact_phone = "0300 123 4567"
    org.phone_hours = "Monday to Friday, 8:00 to 18:00"
    org.postal_address = "Complaints Team, Acme House, Leeds LS1 1AA"
    org.complaints_intro = "We want to hear when we get things wrong."
    org.save()
    ExternalBody.objects.create(
        name="The Ombudsman",
        website="https://ombudsman.example/",
        phone="0800 023 4567",
        when_to_go="After our final response, or 8 weeks after we received your complaint.",
    )
    return org


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element has the focus, as a keyboard user would; the focus must
    be visible where it lands."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") == (
            element_id
        ):
            style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow; }""")
            assert not style.startswith("none"), f"focus not visible on {element_id}: {style}"
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def test_a_new_user_files_a_complaint_with_the_keyboard_only_and_is_acknowledged(
    live_server, organisation, new_page, run_worker, smtp_server
):
    page = new_page("en")
    page.goto(f"{live_server.url}/complain/")
    tab_to(page, "id_name")
    page.keyboard.type("Ada Lovelace")
    tab_to(page, "id_email")
    page.keyboard.type("ada@example.org")
    tab_to(page, "id_description")
    page.keyboard.type("The parcel arrived broken and nobody answered my calls.")
    tab_to(page, "id_product")
    page.keyboard.type("Order 12345")
    tab_to(page, "id_remedy_sought")
    page.keyboard.type("Send a new one.")
    tab_to(page, "id_privacy_consent")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith("/complain/received/")
    reference = page.inner_text("#reference")
    complaint = Complaint.objects.get()
    assert reference == complaint.reference and complaint.channel == "web"
    link = page.inner_text("#tracking-link")

    run_worker()
    [mail] = smtp_server.to("ada@example.org")
    assert reference in mail["Subject"] and link in mail.get_content()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_public_pages_have_no_accessibility_violations(
    live_server, organisation, new_page, axe, screenshot, language
):
    page = new_page(language)
    page.goto(f"{live_server.url}/complain/how/")
    assert page.get_attribute("html", "lang") == language
    assert axe(page) == []
    screenshot(page, f"how-to-complain-{language}")

    page.goto(f"{live_server.url}/complain/")
    assert axe(page) == []
    screenshot(page, f"form-{language}")

    # The error state: the summary comes first, takes the focus and links to each field.
    page.click("#send")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert re.match(r"^Error", page.title())
    page.click("#error-summary a[href='#id_description']")
    assert page.evaluate("() => document.activeElement.id") == "id_description"
    assert axe(page) == []
    screenshot(page, f"form-errors-{language}")

    page.fill("#id_name", "Ana García" if language == "es" else "Ada Lovelace")
    page.fill("#id_email", "ana@example.org")
    page.fill(
        "#id_description",
        "El paquete llegó roto." if language == "es" else "The parcel arrived broken.",
    )
    page.fill("#id_product", "Order 12345")
    page.fill("#id_remedy_sought", "A new one.")
    page.check("#id_privacy_consent")
    page.click("#send")
    page.wait_for_selector("#reference")
    assert axe(page) == []
    screenshot(page, f"confirmation-{language}")
    assert Complaint.objects.get().complainant.preferred_language == language


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_not_found_page_has_no_accessibility_violations(
    live_server, organisation, new_page, axe, language
):
    page = new_page(language)
    response = page.goto(f"{live_server.url}/track/not-a-secret")
    assert response.status == 404
    assert page.get_attribute("html", "lang") == language
    assert axe(page) == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_tracking_page_and_its_answer_form_have_no_accessibility_violations(
    live_server, organisation, new_page, axe, screenshot, language
):
    """ISO 10002 7.3 / 7.9: the complainant's own page, with a decision to answer, its
    error state (the answer is required) and the confirmation, keyboard first."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from upheld.complaints import lifecycle
    from upheld.complaints.roles import HANDLER

    handler = get_user_model().objects.create_user("handler", password="x-test-password-1")
    handler.groups.add(Group.objects.get(name=HANDLER))
    c = lifecycle.receive(
        channel="web",
        description="The parcel arrived broken.",
        complainant={
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "preferred_language": language,
        },
        product="Order 12345",
        remedy_sought="A new one.",
    )
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
        outcome="upheld",
        reasons="It broke in our warehouse.",
        remedies=[{"kind": "replacement", "description": "A new parcel"}],
    )
    lifecycle.communicate_decision(c, by=handler)

    page = new_page(language)
    page.goto(f"{live_server.url}/track/{c.secret}")
    assert axe(page) == []
    screenshot(page, f"tracking-{language}")

    tab_to(page, "send-answer")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert re.match(r"^Error", page.title())
    assert axe(page) == []

    page.check("#id_answer-answer_0")
    with page.expect_navigation():
        page.click("#send-answer")
    page.wait_for_selector("#sent")
    assert axe(page) == []
    c.refresh_from_db()
    assert c.status == "accepted"


def test_the_accessibility_check_itself_finds_a_known_violation(new_page, axe):
    page = new_page("en")
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    assert any(v.startswith("image-alt") for v in axe(page))

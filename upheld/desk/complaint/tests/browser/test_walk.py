"""A complaint walked through the desk in a real browser, as a handler and a complaints
manager do it (ISO 10002 7.5–7.9, 8.2), the keyboard first where a person would use it;
every page on the way passes axe-core's WCAG 2.2 A/AA checks."""

import re

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.models import Category, Complaint, Remedy
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
from upheld.organisation.models import Organisation
from upheld.testing import people, sign_in


@pytest.fixture
def desk(transactional_db):
    org = Organisation.current()
    org.name = "Acme Bank"
    org.save()
    users = people(("hana", HANDLER), ("manu", COMPLAINTS_MANAGER))
    Category.objects.create(name="Cards", parent=Category.objects.create(name="Payments"))
    earlier = lifecycle.receive(
        channel="phone",
        description="My card was declined at a shop last spring.",
        complainant={"name": "Ada Lovelace", "email": "ada@example.org"},
        product="Debit card",
        remedy_sought="An explanation.",
        by=users["hana"],
    )
    complaint = lifecycle.receive(
        channel="web",
        description="I was charged twice for the same order and nobody answers my calls.",
        complainant={
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "phone": "0300 123 4567",
            "accessibility_needs": "Large print letters; please call after 2 pm.",
        },
        product="Debit card",
        remedy_sought="Refund the second charge.",
    )
    return complaint, earlier, users


def tab_to(page, element_id: str, limit: int = 120) -> None:
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


class Walk:
    """One person's browser on the complaint: open a move's form from the page, fill it,
    send it, and land back on the page with the move made; axe on every page."""

    def __init__(self, page, axe, complaint: Complaint):
        self.page, self.axe, self.complaint = page, axe, complaint

    def clean(self) -> None:
        assert self.axe(self.page) == [], self.page.url

    def open(self, action: str) -> None:
        with self.page.expect_navigation():
            self.page.click(f"#move-{action}")
        assert self.page.url.endswith(f"/{action}/")
        self.clean()

    def send(self) -> None:
        with self.page.expect_navigation():
            self.page.click("#submit-move")
        assert self.page.url.endswith(f"/desk/complaints/{self.complaint.reference}/"), (
            self.page.url,
            self.page.inner_text("main")[:600],
        )
        assert "done." in self.page.inner_text("#messages")
        self.clean()

    def status(self) -> str:
        return Complaint.objects.get(pk=self.complaint.pk).status


def test_a_handler_and_a_manager_take_a_complaint_from_triage_to_closure(
    live_server, desk, new_page, axe, screenshot
):
    complaint, earlier, users = desk
    path = f"/desk/complaints/{complaint.reference}/"
    hana = Walk(sign_in(new_page, live_server, "hana", path), axe, complaint)
    assert hana.page.url.endswith(path)
    hana.clean()
    assert "Large print letters" in hana.page.inner_text("#people")
    assert earlier.reference in hana.page.inner_text("#similar")

    # Triage with the keyboard only: from the page to the form, answer, send.
    page = hana.page
    tab_to(page, "move-triage")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    hana.clean()
    tab_to(page, "submit-move")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing answered: the summary takes the focus
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    assert re.match(r"^Error", page.title())
    hana.clean()
    screenshot(page, "desk-form-errors")
    tab_to(page, "id_is_complaint_0")
    page.keyboard.press("Space")
    tab_to(page, "id_reason")
    page.keyboard.type("Dissatisfied with a double charge; expects a refund.")
    tab_to(page, "submit-move")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "done." in page.inner_text("#messages")
    hana.clean()

    hana.open("assess")
    page.fill("#id_severity", "3")
    page.check("#id_safety_implication_1")
    page.fill("#id_complexity", "2")
    page.fill("#id_impact", "2")
    page.check("#id_immediate_action_needed_1")
    page.fill("#id_note", "Second charge confirmed on the statement.")
    hana.send()
    assert hana.status() == "assessed"

    # The complaints manager assigns it to the handler.
    manu = Walk(sign_in(new_page, live_server, "manu", path), axe, complaint)
    manu.open("assign")
    manu.page.select_option("#id_assignee", "hana")
    manu.page.fill("#id_note", "Yours, please.")
    manu.send()
    assert Complaint.objects.get(pk=complaint.pk).assignee == users["hana"]

    page.reload()
    hana.open("investigate")
    page.fill("#id_plan", "Check the card processor's log for the order.")
    hana.send()
    # 7.7: a piece of the investigation given out, then done, both on the page.
    manu.page.reload()
    manu.open("add-task")
    manu.page.fill("#id_title", "Ask the card processor for the order's log.")
    manu.page.select_option("#id_owner", "hana")
    manu.page.fill("#id_due_in", "3")
    manu.send()
    page.reload()
    assert "Ask the card processor for the order" in page.inner_text("main")
    hana.open("complete-task")
    page.select_option("#id_task", index=1)
    page.fill("#id_outcome", "The log shows the order charged twice, 2 seconds apart.")
    hana.send()
    assert not complaint.tasks.filter(state="open").exists()
    hana.open("await-complainant")
    page.fill("#id_question", "Which card did you pay with?")
    hana.send()
    assert hana.status() == "awaiting_complainant"
    hana.open("resume")
    page.fill("#id_note", "She answered by phone: the blue debit card.")
    hana.send()
    assert hana.status() == "investigating"

    hana.open("decide")
    page.select_option("#id_outcome", "upheld")
    page.fill("#id_reasons", "Our processor charged the order twice.")
    page.select_option("#id_remedies-0-kind", "refund")
    page.fill("#id_remedies-0-description", "The second charge")
    page.fill("#id_remedies-0-amount", "42.50")
    page.fill("#id_remedies-0-currency", "GBP")
    screenshot(page, "desk-decide")
    hana.send()
    assert hana.status() == "decided"

    hana.open("communicate-decision")
    hana.send()
    hana.open("accept")
    page.select_option("#id_channel", "phone")
    page.fill("#id_note", "Accepted on the phone.")
    hana.send()
    assert hana.status() == "accepted"

    # The closure gate is shown before anyone presses the button.
    assert "not classified yet" in page.inner_text("#moves")
    page.set_viewport_size({"width": 1100, "height": 900})
    screenshot(page, "desk-complaint")
    hana.open("carry-out-remedy")
    refund = Remedy.objects.get(decision__complaint=complaint)
    page.select_option("#id_remedy", str(refund.pk))
    page.fill("#id_evidence", "Refunded on 3 March, payment 77.")
    hana.send()
    hana.open("classify")
    page.select_option("#id_category", label="Payments › Cards")
    hana.send()
    assert "Not yet" not in page.inner_text("#moves")
    hana.open("close")
    hana.send()
    assert hana.status() == "closed"

    text = page.inner_text("#timeline")
    for said in (
        "Assigned it to hana",
        "Gave hana a task",
        "Recorded a task done: Ask the card processor",
        "The log shows the order charged twice",
        "Asked the complainant",
        "Decided: upheld",
        "Closed it",
    ):
        assert said in text


def test_a_refused_form_and_the_spanish_page_pass_the_checks(live_server, desk, new_page, axe):
    complaint, _, users = desk
    path = f"/desk/complaints/{complaint.reference}/"
    page = sign_in(new_page, live_server, "hana", path)
    response = page.goto(f"{live_server.url}{path}assign/")
    assert response.status == 403
    assert axe(page) == []
    page.goto(f"{live_server.url}{path}")
    page.click("button[lang=es]")
    page.wait_for_selector("html[lang=es]")
    assert "Lo que puede hacer ahora" in page.inner_text("#moves")
    assert axe(page) == []

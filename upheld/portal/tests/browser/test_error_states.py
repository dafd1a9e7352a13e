"""Every error state of the complainant's forms is accessible (ISO 10002 4.3): while we wait
for their answer, and when a withdrawal is not confirmed, no way of contact is chosen, a
message is empty or a review request too long, axe-core finds no WCAG 2.2 A/AA violation
and the error summary takes the focus, in English and Spanish."""

import pytest

from upheld.complaints import lifecycle

from .test_complainant_journey import no_violations, organisation, staff  # noqa: F401


def send(page, button: str) -> None:
    with page.expect_navigation():
        page.click(button)
    page.wait_for_selector("#error-summary")
    assert page.evaluate("() => document.activeElement.id") == "error-summary"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_complainants_forms_are_accessible_in_their_error_states(
    live_server,
    organisation,  # noqa: F811 — the journey's fixtures
    staff,  # noqa: F811
    new_page,
    axe,
    language,
):
    c = lifecycle.receive(
        channel="web",
        description="The parcel arrived broken.",
        complainant={
            "name": "Ada",
            "email": "ada@example.org",
            "postal_address": "1 Road, London",
            "preferred_language": language,
        },
        product="Order 12345",
        remedy_sought="A new one.",
    )
    secret = c.secret
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
    lifecycle.await_complainant(c, by=staff, question="Which card did you pay with?")
    page = new_page(language)
    track = f"{live_server.url}/track/{secret}"

    page.goto(track)
    assert "Which card did you pay with?" in page.inner_text("#question")
    no_violations(page, axe)  # the page while we wait for their answer

    send(page, "#send-message")
    no_violations(page, axe)
    send(page, "#send-contact")
    no_violations(page, axe)
    send(page, "#send-withdraw")
    no_violations(page, axe)
    assert c.events.filter(kind="withdrawn").count() == 0

    page.fill("#write textarea", "The Visa ending 4242.")
    with page.expect_navigation():
        page.click("#send-message")
    c.refresh_from_db()
    lifecycle.decide(c, by=staff, outcome="not_upheld", reasons="The charge was correct.")
    lifecycle.communicate_decision(c, by=staff)
    page.goto(track)
    page.check("#answer-decision input[value='rejected']")
    page.fill("#answer-decision textarea", "The charge was not mine.")
    with page.expect_navigation():
        page.click("#send-answer")
    page.eval_on_selector("#review textarea", "e => e.removeAttribute('maxlength')")
    page.fill("#review textarea", "x" * 10_001)  # as a client that ignores maxlength sends it
    send(page, "#send-review")
    no_violations(page, axe)
    assert c.events.filter(kind="review_requested").count() == 0

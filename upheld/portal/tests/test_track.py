"""ISO 10002 7.3: the complainant sees where the complaint stands without an account, with
the private link only — never internal notes or other people's details (4.7)."""

import pytest

from upheld.complaints import lifecycle
from upheld.organisation.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_private_link_shows_the_stage_the_due_date_and_the_public_updates(
    client, make_complaint, handler, django_assert_max_num_queries
):
    complaint = make_complaint()
    lifecycle.assess(
        complaint,
        by=handler,
        severity=2,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
        note="INTERNAL-NOTE",
    )
    lifecycle.investigate(complaint, by=handler, plan="INTERNAL-PLAN")
    lifecycle.await_complainant(complaint, by=handler, question="Which card did you use?")

    Organisation.objects.filter(pk=1).update(name="Demo Bank plc")
    # the complaint, its trail, the organisation, this address's count of wrong links, and
    # the time zone its due date is shown in (kept per process on a server)
    with django_assert_max_num_queries(7):
        response = client.get(f"/track/{complaint.secret}")
    page = response.content.decode()
    assert response.status_code == 200
    assert complaint.reference in page
    # The header names the organisation the complaint is with, not the software.
    assert '<p class="site-name"><a href="/complain/how/">Demo Bank plc</a></p>' in page
    assert "Upheld" not in page
    assert 'href="/complain/how/#recourse"' in page  # where the independent bodies are named
    assert "We are waiting for information from you" in page
    assert "Which card did you use?" in page, "the complainant reads what we asked them"
    assert "We received your complaint." in page and "We asked you for more information." in page
    due = complaint.response_due_at
    assert f"{due.day} {due:%B} {due.year}" in page
    for internal in ("INTERNAL-NOTE", "INTERNAL-PLAN", "handler"):
        assert internal not in page
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_reference_alone_or_a_wrong_secret_opens_nothing(client, make_complaint):
    complaint = make_complaint()
    assert client.get(f"/track/{complaint.reference}").status_code == 404
    assert client.get(f"/track/{complaint.secret[:-1]}x").status_code == 404


def test_the_page_speaks_the_complainants_language(client, make_complaint):
    complaint = make_complaint()
    page = client.get(f"/track/{complaint.secret}", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Hemos recibido su reclamación." in page


def test_feedback_read_as_not_a_complaint_says_so_and_how_to_make_it_one(
    client, make_complaint, handler
):
    complaint = make_complaint()
    lifecycle.triage(
        complaint,
        by=handler,
        is_complaint=False,
        reason="INTERNAL-WORDING: a compliment for the branch staff.",
    )
    page = client.get(f"/track/{complaint.secret}").content.decode()
    assert "feedback rather than a complaint" in page and "it is then a complaint" in page
    assert "INTERNAL-WORDING" not in page, "the reason goes by message, not on the page"

"""One complaint on one page (ISO 10002 7.3–7.9, 8.1): everything a handler needs, only the
moves open now, a fixed number of queries."""

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_record_the_people_and_their_adjustments(client, handler, cast):
    c = cast.receive(
        complainant={
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "accessibility_needs": "Large print letters, please.",
        },
        representative={"name": "Charles Babbage", "email": "cb@example.org"},
        representative_authority="Signed consent form.",
    )
    client.force_login(handler)
    page = client.get(reverse("desk:complaint", args=[c.reference]))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        c.reference,
        "I was charged twice for the same order.",
        "Current account",
        "Ada Lovelace",
        "Large print letters, please.",
        "Charles Babbage",
        "Signed consent form.",
    ):
        assert expected in text, expected
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_timeline_says_who_did_what_and_why_public_and_internal_apart(
    client, handler, complaint_in
):
    c = complaint_in("awaiting_complainant")
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "Asked the complainant for information" in text
    assert "Which card did you pay with?" in text  # the why
    assert "Started the investigation" in text and "Check the payment logs." in text
    assert 'class="entry public"' in text and 'class="entry internal"' in text
    # The hash only on demand: inside a <details>.
    head = Complaint.objects.get(pk=c.pk).trail_head
    before = text.index(head)
    assert text.rfind("<details>", 0, before) > text.rfind("</details>", 0, before)


def test_a_role_that_does_not_read_the_trail_sees_no_timeline(client, top_manager, cast):
    c = cast.receive()
    client.force_login(top_manager)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "Your role does not read the trail of a complaint." in text
    assert Complaint.objects.get(pk=c.pk).trail_head not in text


def test_only_the_moves_open_now_are_offered_each_linking_to_its_form(
    client, handler, manager, complaint_in
):
    c = complaint_in("assessed")
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    for open_now in ("investigate", "await-complainant", "classify", "withdraw"):
        assert reverse("desk:move", args=[c.reference, open_now]) in text, open_now
    for not_now in ("decide", "close", "communicate-decision", "reopen", "triage"):
        assert reverse("desk:move", args=[c.reference, not_now]) not in text, not_now
    # A handler is not offered what needs a complaints manager; the manager is.
    assign = reverse("desk:move", args=[c.reference, "assign"])
    assert assign not in text
    client.force_login(manager)
    assert assign in client.get(reverse("desk:complaint", args=[c.reference])).content.decode()


def test_a_conflict_of_interest_is_said_instead_of_offering_the_move(client, handler, cast):
    c = cast.receive(involved_users=[handler])
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert reverse("desk:move", args=[c.reference, "assess"]) not in text
    assert "is recorded as involved in" in text and "4.5" in text


def test_why_closing_would_be_refused_is_shown_before_the_button_is_pressed(
    client, handler, complaint_in
):
    c = complaint_in("accepted")
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert reverse("desk:move", args=[c.reference, "close"]) in text
    assert "it is not classified yet" in text
    lifecycle.classify(c, by=handler, category=c.category or _category())
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "remedies not yet carried out or waived" in text


def _category():
    from upheld.complaints.models import Category

    return Category.objects.get(name="Billing")


def test_correspondence_in_and_out_and_similar_complaints_are_shown(client, handler, cast):
    first = cast.receive()
    c = cast.receive(description="Charged twice again.")
    other = cast.receive(
        complainant={"name": "Grace Hopper", "email": "grace@example.org"},
        description="The branch was shut on a weekday.",
    )
    lifecycle.add_correspondence(c, by=COMPLAINANT, direction="in", subject="Statement", body="See")
    lifecycle.add_correspondence(c, by=handler, direction="out", subject="Thanks", body="Got it")
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "Statement" in text and "Thanks" in text
    similar = text[text.index('id="similar"') :]
    assert first.reference in similar and other.reference not in similar
    assert "same complainant" in similar


def test_an_unknown_reference_and_one_the_viewer_may_not_read_are_the_same_404(
    client, handler, hidden
):
    client.force_login(handler)
    assert client.get(reverse("desk:complaint", args=[hidden.reference])).status_code == 404
    assert client.get("/desk/complaints/CMP-1999-000001/").status_code == 404


def test_new_is_staff_entry_never_a_reference(client, handler):
    client.force_login(handler)
    assert client.get("/desk/complaints/new/").status_code == 200  # intake's form
    assert client.get("/desk/complaints/new/assess/").status_code == 404


def test_signing_in_is_needed(client, cast):
    c = cast.receive()
    answer = client.get(reverse("desk:complaint", args=[c.reference]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_a_merge_links_both_trails(client, manager, cast):
    duplicate, carries_on = cast.receive(), cast.receive()
    lifecycle.merge(duplicate, by=manager, into=carries_on, reason="Same double charge.")
    client.force_login(manager)
    for here, there in ((duplicate, carries_on), (carries_on, duplicate)):
        text = client.get(reverse("desk:complaint", args=[here.reference])).content.decode()
        timeline = text[text.index('id="timeline"') :]
        assert f'href="{reverse("desk:complaint", args=[there.reference])}"' in timeline


def test_the_clock_says_how_late_a_response_is(client, handler, cast):
    from datetime import timedelta

    from django.utils import timezone

    late = cast.receive(by=handler, received_at=timezone.now() - timedelta(days=200))
    on_time = cast.receive()
    client.force_login(handler)
    text = client.get(reverse("desk:complaint", args=[late.reference])).content.decode()
    clocks = text[text.index('id="clocks"') : text.index('id="details"')]
    assert "breached" in clocks and "late" in clocks
    text = client.get(reverse("desk:complaint", args=[on_time.reference])).content.decode()
    clocks = text[text.index('id="clocks"') : text.index('id="details"')]
    assert "running" in clocks and "left" in clocks


def similar_on_page(client, viewer, c) -> str:
    client.force_login(viewer)
    text = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    return text[text.index('id="similar"') :]


def test_complaints_in_similar_words_of_the_same_product_are_shown(client, handler, cast):
    grace = {"name": "Grace Hopper", "email": "grace@example.org"}
    alike = cast.receive(complainant=grace, description="My overdraft interest doubled overnight.")
    unlike = cast.receive(complainant=grace, description="The branch was shut on a weekday.")
    elsewhere = cast.receive(
        complainant=grace, product="Mortgage", description="Overdraft interest doubled."
    )
    c = cast.receive(
        complainant={"name": "Alan Turing", "email": "alan@example.org"},
        description="Overdraft interest has doubled without notice.",
    )
    similar = similar_on_page(client, handler, c)
    assert alike.reference in similar and "similar words" in similar
    assert unlike.reference not in similar and elsewhere.reference not in similar


def test_similar_words_are_looked_for_among_a_bounded_number_of_the_newest(
    client, handler, cast, monkeypatch
):
    from upheld.desk.complaint import reading

    grace = {"name": "Grace Hopper", "email": "grace@example.org"}
    old = cast.receive(complainant=grace, description="Overdraft interest doubled.")
    for i in range(3):
        cast.receive(complainant=grace, description=f"Nothing alike, number {i}.")
    c = cast.receive(
        complainant={"name": "Alan Turing", "email": "alan@example.org"},
        description="Overdraft interest has doubled.",
    )
    assert old.reference in similar_on_page(client, handler, c)
    monkeypatch.setattr(reading, "SIMILAR_CANDIDATES", 3)
    assert old.reference not in similar_on_page(client, handler, c)
    list(reading.similar(handler, c))  # the viewer's permissions, read once a request
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert len(list(reading.similar(handler, c))) == 0
    # One statement over the complaints (the teams the visibility rule reads are kept per
    # process on a server; here the test's own setup changed them).
    read = [q["sql"] for q in queries.captured_queries if "organisation_team" not in q["sql"]]
    assert len(read) == 1


def test_a_complaint_from_the_same_address_written_otherwise_is_similar(client, handler, cast):
    """Found through the people's search index (search.with_address_words) on both
    databases, then compared whole, in any case."""
    same = cast.receive(
        complainant={"name": "Grace Hopper", "email": "Grace.Hopper@Example.org"},
        product="Mortgage",
        description="The branch was shut on a weekday.",
    )
    near = cast.receive(
        complainant={"name": "Grace Hopper", "email": "hopper.grace@example.org"},
        product="Savings",
        description="Letters arrive late.",
    )
    c = cast.receive(
        complainant={"name": "G. Hopper", "email": "grace.hopper@example.org"},
        product="Credit card",
        description="Interest charged twice.",
    )
    similar = similar_on_page(client, handler, c)
    assert same.reference in similar and near.reference not in similar

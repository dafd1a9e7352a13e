"""ISO 10002 8.6: top management reviews the process regularly; a review of a period records
its pack frozen as it was (the PDF and its SHA-256), who attended, and its decisions — on
the process, the products, resources and training — each followed up; the next review's
pack shows what became of the previous review's decisions, and the audits' results."""

import hashlib
from datetime import timedelta

import pytest

from upheld.assurance import records
from upheld.assurance.models import Review, ReviewDecision
from upheld.complaints.errors import InvalidInput, NotPermitted

from .conftest import END, START, TODAY, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(top, manager):
    return records.hold_review(
        by=top,
        start=START,
        end=END,
        held_on=TODAY,
        attendees=[top, manager],
        others="Dana (external adviser)",
        notes="Quarterly review.",
    )


def test_a_review_records_its_pack_frozen_with_its_sha256_and_who_attended(review, top, manager):
    pack = bytes(Review.objects.get(pk=review.pk).pack)
    assert pack[:5] == b"%PDF-"
    assert review.pack_sha256 == hashlib.sha256(pack).hexdigest()
    assert Review.objects.get(pk=review.pk).pack_intact
    assert set(review.attendees.all()) == {top, manager}
    assert review.other_attendees == "Dana (external adviser)" and review.held_by == top
    text = text_of(pack)
    assert "Management review pack" in text and "Results of the analysis" in text


def test_a_pack_changed_after_the_review_no_longer_matches_its_sha256(review):
    Review.objects.filter(pk=review.pk).update(pack=b"%PDF-1.7 something else")
    assert not Review.objects.get(pk=review.pk).pack_intact


def test_only_top_management_or_the_complaints_manager_hold_reviews(handler, auditor, top):
    for person in (handler, auditor):
        with pytest.raises(NotPermitted):
            records.hold_review(by=person, start=START, end=END, held_on=TODAY, attendees=[top])
    assert not Review.objects.exists()


def test_a_review_with_bad_input_names_every_field_and_records_nothing(top):
    with pytest.raises(InvalidInput) as refused:
        records.hold_review(
            by=top,
            start=END,
            end=START,
            held_on=TODAY + timedelta(days=3),
            attendees=[],
            others=5,
        )
    assert set(refused.value.errors) == {"end", "held_on", "attendees", "others"}
    assert not Review.objects.exists()


def test_decisions_on_the_process_products_resources_and_training(review, top, handler):
    for topic in ("process", "products", "resources", "training"):
        records.record_decision(
            review,
            by=top,
            topic=topic,
            what=f"Improve {topic}.",
            owner=handler,
            due=TODAY + timedelta(days=30),
        )
    decisions = ReviewDecision.objects.filter(review=review)
    assert sorted(decisions.values_list("topic", flat=True)) == [
        "process",
        "products",
        "resources",
        "training",
    ]


def test_a_decision_with_bad_input_names_every_field_and_records_nothing(review, top, auditor):
    with pytest.raises(InvalidInput) as refused:
        records.record_decision(
            review, by=top, topic="budget", what="", owner=None, due=TODAY - timedelta(days=1)
        )
    assert set(refused.value.errors) == {"topic", "what", "owner", "due"}
    with pytest.raises(NotPermitted):
        records.record_decision(review, by=auditor, topic="process", what="x", owner=top, due=TODAY)
    assert not ReviewDecision.objects.exists()


def test_the_next_pack_shows_the_previous_reviews_decisions_and_the_audits_results(
    review, top, manager, handler, sampled, world
):
    records.record_decision(
        review,
        by=top,
        topic="training",
        what="Train the post room.",
        owner=handler,
        due=TODAY + timedelta(days=10),
    )
    for clause in ("7.2", "7.4"):
        records.record_answer(
            sampled, by=world.auditor, clause=clause, procedure="yes", objectives="yes"
        )
    records.record_finding(
        sampled,
        by=world.auditor,
        kind="minor",
        clause="7.4",
        statement="Letters acknowledged late.",
    )
    records.report_audit(sampled, by=world.auditor, conclusion="Conforms mostly.")
    following = records.hold_review(
        by=manager, start=START, end=END, held_on=TODAY, attendees=[top, manager]
    )
    text = text_of(bytes(Review.objects.get(pk=following.pk).pack))
    assert "Follow-up of the previous review" in text
    assert "Train the post room." in text and "handler" in text
    assert "Audit results" in text and "Letters acknowledged late." in text
    # The first review's pack is the one frozen then: it had no previous review.
    first = text_of(bytes(Review.objects.get(pk=review.pk).pack))
    assert "No earlier management review is recorded." in first

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
from upheld.improve.actions import complete
from upheld.improve.actions.external import record_external_decision
from upheld.improve.models import Action, ActionState, Origin
from upheld.improve.models.external import Finding
from upheld.organisation.models import ExternalBody

from .conftest import END, START, TODAY, business_day, text_of

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


def test_each_decision_is_an_action_followed_to_closure(review, top, handler):
    for topic in ("process", "products", "resources", "training"):
        records.record_decision(
            review,
            by=top,
            topic=topic,
            what=f"Improve {topic}.",
            owner=handler,
            due=business_day(30),
            kind="preventive",
        )
    decisions = ReviewDecision.objects.filter(review=review).select_related("action")
    assert sorted(d.topic for d in decisions) == ["process", "products", "resources", "training"]
    for d in decisions:
        action = d.action
        assert (action.origin, action.owner, action.due, action.state) == (
            Origin.REVIEW_DECISION,
            handler,
            business_day(30),
            ActionState.OPEN,
        )
        assert action.what == d.what and action.kind == "preventive"


def test_a_decision_with_bad_input_names_every_field_and_records_nothing(review, top, auditor):
    with pytest.raises(InvalidInput) as refused:
        records.record_decision(
            review,
            by=top,
            topic="budget",
            what="",
            owner=None,
            due=TODAY - timedelta(days=1),
            kind="eventual",
        )
    assert set(refused.value.errors) == {"topic", "what", "owner", "due", "kind"}
    with pytest.raises(InvalidInput) as refused:  # improve's own rule: a business day
        records.record_decision(
            review, by=top, topic="process", what="Hire.", owner=top, due=saturday()
        )
    assert set(refused.value.errors) == {"due"}
    with pytest.raises(NotPermitted):
        records.record_decision(
            review, by=auditor, topic="process", what="x", owner=top, due=business_day()
        )
    assert not ReviewDecision.objects.exists() and not Action.objects.exists()


def saturday():
    day = business_day(3)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return day


def test_the_next_pack_shows_what_became_of_the_previous_decisions_and_the_audits_results(
    review, top, manager, handler, sampled, world
):
    done = records.record_decision(
        review,
        by=top,
        topic="training",
        what="Train the post room.",
        owner=handler,
        due=business_day(10),
    )
    records.record_decision(
        review,
        by=top,
        topic="resources",
        what="A second handler.",
        owner=manager,
        due=business_day(20),
    )
    complete(done.action, by=handler, note="Everyone in the post room trained.")
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
    text = " ".join(text_of(bytes(Review.objects.get(pk=following.pk).pack)).split())
    assert "Follow-up of the previous review" in text
    assert "Train the post room." in text and "handler" in text and "done" in text
    assert "A second handler." in text and "open" in text
    assert "Audit results" in text and "Letters acknowledged late." in text
    # The first review's pack is the one frozen then: it had no previous review.
    first = text_of(bytes(Review.objects.get(pk=review.pk).pack))
    assert "No earlier management review is recorded." in first


def test_the_pack_shows_the_external_bodies_decisions_and_the_overturn_rate(top, manager, world):
    fos = ExternalBody.objects.create(name="Financial Ombudsman Service")
    other = ExternalBody.objects.create(name="Consumer Ombudsman Scheme")
    for c, body, finding in (
        (world.complaints[4], fos, Finding.AGAINST_ORGANISATION),
        (world.complaints[5], fos, Finding.FOR_ORGANISATION),
        (world.complaints[6], other, Finding.FOR_ORGANISATION),
    ):
        record_external_decision(
            by=manager,
            complaint=c.reference,
            body=body.pk,
            decided_on=TODAY,
            finding=finding,
            summary="Decided.",
        )
    held = records.hold_review(by=top, start=START, end=END, held_on=TODAY, attendees=[top])
    text = " ".join(text_of(bytes(Review.objects.get(pk=held.pk).pack)).split())
    assert "overturn rate" in text
    assert "1 of 3 decisions went against the organisation: 33.3 %." in text
    assert "Financial Ombudsman Service 2 1 50.0 %" in text
    assert "Consumer Ombudsman Scheme 1 0 0.0 %" in text


def test_a_pack_without_external_decisions_says_so(review):
    text = " ".join(text_of(bytes(review.pack)).split())
    assert "No external body's decision of the period is recorded." in text

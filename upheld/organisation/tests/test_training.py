"""ISO 10002 5.3.4, 6.4: the people who handle complaints are trained for it. Each role's
required courses are set by the complaints manager; assigning a complaint to someone whose
required training is missing or expired is refused with the reason, or recorded with a
warning, as the organisation chooses."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.roles import HANDLER
from upheld.organisation import training
from upheld.organisation.models import Course, Organisation, TrainingRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(db):
    course = Course.objects.create(
        name="Handling complaints fairly", version="2026", valid_for_months=12
    )
    course.required_for.add(Group.objects.get(name=HANDLER))
    return course


def refuse_untrained():
    org = Organisation.current()
    org.untrained_assignment = "refuse"
    org.save()


def test_a_handler_without_the_required_training_is_not_assigned_and_told_why(
    make_complaint, manager, handler, course
):
    refuse_untrained()
    c = make_complaint()
    with pytest.raises(InvalidInput) as refused:
        lifecycle.assign(c, by=manager, assignee=handler)
    assert list(refused.value.errors) == ["assignee"]
    assert "Handling complaints fairly (2026)" in str(refused.value.errors["assignee"])
    c.refresh_from_db()
    assert c.assignee is None and not c.events.filter(kind="assigned").exists()


def test_a_handler_trained_within_the_validity_is_assigned(
    make_complaint, manager, handler, course
):
    refuse_untrained()
    TrainingRecord.objects.create(person=handler, course=course, completed_on=date(2026, 3, 1))
    c = make_complaint()
    with time_machine.travel("2026-12-01 10:00Z"):
        lifecycle.assign(c, by=manager, assignee=handler)
    c.refresh_from_db()
    assert c.assignee == handler
    assert "training_missing" not in c.events.get(kind="assigned").data


def test_an_expired_record_counts_as_missing(handler, course):
    record = TrainingRecord.objects.create(
        person=handler, course=course, completed_on=date(2025, 1, 31)
    )
    assert record.expires_on == date(2026, 1, 31), "12 months of validity"
    assert training.missing(handler, on=date(2026, 1, 31)) == []
    assert training.missing(handler, on=date(2026, 2, 1)) == ["Handling complaints fairly (2026)"]
    assert training.missing(handler, on=date(2024, 12, 31)) == ["Handling complaints fairly (2026)"]


def test_a_warning_is_recorded_in_the_trail_when_the_organisation_only_warns(
    make_complaint, manager, handler, course
):
    c = make_complaint()
    lifecycle.assign(c, by=manager, assignee=handler)
    c.refresh_from_db()
    assert c.assignee == handler
    event = c.events.get(kind="assigned")
    assert event.data["training_missing"] == ["Handling complaints fairly (2026)"]


def test_training_a_role_does_not_require_is_not_asked_for(make_complaint, manager, handler):
    other = Course.objects.create(name="Managing people")
    other.required_for.add(Group.objects.get(name="Complaints manager"))
    refuse_untrained()
    c = make_complaint()
    lifecycle.assign(c, by=manager, assignee=handler)
    assert training.missing(handler, on=date(2026, 12, 1)) == []


def test_while_no_role_requires_training_the_check_reads_nothing(
    handler, django_assert_num_queries
):
    training.missing(handler, on=date(2026, 12, 1))  # the requirements are kept per process
    with django_assert_num_queries(1):  # only whether they changed (core/lookups.py)
        assert training.missing(handler, on=date(2026, 12, 1)) == []


def test_a_new_requirement_applies_at_once(make_complaint, manager, handler):
    refuse_untrained()
    assert training.missing(handler, on=date(2026, 12, 1)) == []
    course = Course.objects.create(name="Vulnerable customers")
    course.required_for.add(Group.objects.get(name=HANDLER))
    assert training.missing(handler, on=date(2026, 12, 1)) == ["Vulnerable customers (1)"]

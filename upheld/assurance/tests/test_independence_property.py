"""ISO 10002 8.5, 4.5 — a property: whatever the auditor comes to have done with the sampled
complaints after the draw (given one, named in one, joined its team, decided one), every
answer and finding on exactly those is refused, and on every other complaint of the sample
it is recorded."""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.assurance import records
from upheld.assurance.models import SampledComplaint
from upheld.complaints.errors import ConflictOfInterest
from upheld.complaints.models import Complaint, Decision
from upheld.organisation.models import Membership

from .conftest import TODAY

pytestmark = pytest.mark.django_db
WAYS = ["assigned", "involved", "team", "decided"]


@dataclass
class Drawn:
    audit: object
    auditor: object
    complaints: list


@pytest.fixture
def drawn(plan, world, manager):
    audit = records.schedule_audit(
        plan, by=manager, auditor=world.auditor, planned_on=TODAY, clauses=["7.2"], size=100
    )
    records.draw_sample(audit, by=world.auditor)
    ids = SampledComplaint.objects.filter(audit=audit).values_list("complaint_id", flat=True)
    return Drawn(audit, world.auditor, list(Complaint.objects.filter(pk__in=ids).order_by("pk")))


def relate(auditor, complaint, way: str) -> None:
    if way == "assigned":
        Complaint.objects.filter(pk=complaint.pk).update(assignee=auditor)
    elif way == "involved":
        complaint.involved_users.add(auditor)
    elif way == "team":
        Membership.objects.get_or_create(team_id=complaint.team_id, person=auditor)
    else:
        Decision.objects.create(
            complaint=complaint,
            outcome="upheld",
            reasons="r",
            decided_by=auditor,
            decided_at=timezone.now(),
        )


@given(ties=st.lists(st.tuples(st.integers(0, 19), st.sampled_from(WAYS)), max_size=6))
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_answers_and_findings_are_refused_on_exactly_the_auditors_own_complaints(drawn, ties):
    with transaction.atomic():
        sample = drawn.complaints
        for index, way in ties:
            relate(drawn.auditor, sample[index % len(sample)], way)
        teams = {sample[i % len(sample)].team_id for i, w in ties if w == "team"}
        own = {sample[i % len(sample)].pk for i, w in ties if w != "team"}
        own |= {c.pk for c in sample if c.team_id in teams}
        for complaint in sample:
            try:
                records.record_answer(
                    drawn.audit,
                    by=drawn.auditor,
                    clause="7.2",
                    complaint=complaint,
                    procedure="yes",
                    objectives="yes",
                )
                refused = False
            except ConflictOfInterest:
                refused = True
            assert refused == (complaint.pk in own), complaint.reference
        transaction.set_rollback(True)

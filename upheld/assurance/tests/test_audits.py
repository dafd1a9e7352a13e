"""ISO 10002 8.5: the complaints-handling process is audited against a plan — its period,
scope, clauses, auditors and dates; each audit draws a random sample anyone can draw again,
answers a checklist per clause (was the procedure followed, are the objectives met) for
each complaint and for the clause as a whole, and records findings against clauses and
complaints. The auditor is independent of what they audit, and changes no complaint."""

from datetime import timedelta

import pytest

from upheld.assurance import records, sampling
from upheld.assurance.models import (
    Audit,
    AuditPlan,
    AuditState,
    ChecklistAnswer,
    Finding,
    SampledComplaint,
)
from upheld.complaints.errors import ConflictOfInterest, InvalidInput, NotPermitted
from upheld.complaints.models import Complaint, Event

from .conftest import END, START, TODAY

pytestmark = pytest.mark.django_db


def sample_of(audit) -> list[str]:
    return list(
        SampledComplaint.objects.filter(audit=audit)
        .order_by("position")
        .values_list("complaint__reference", flat=True)
    )


def test_a_plan_records_its_period_scope_clauses_and_auditors(plan, world):
    assert (plan.period_start, plan.period_end) == (START, END)
    assert plan.clauses == ["7.2", "7.4", "7.5"]
    assert set(plan.auditors.all()) == {world.auditor, world.second_auditor}


def test_a_plan_with_bad_input_names_every_field_and_records_nothing(manager, world, handler):
    with pytest.raises(InvalidInput) as refused:
        records.plan_audit(
            by=manager,
            title="",
            start=END,
            end=START,
            scope="x",
            clauses=["9.9"],
            auditors=[handler],
        )
    assert set(refused.value.errors) == {"title", "end", "clauses", "auditors"}
    assert "handler" in str(refused.value.errors["auditors"][0])
    assert not AuditPlan.objects.exists()


def test_only_an_auditor_or_the_complaints_manager_plans_audits(handler, top, world):
    for person in (handler, top):
        with pytest.raises(NotPermitted):
            records.plan_audit(
                by=person,
                title="t",
                start=START,
                end=END,
                scope="s",
                clauses=["7.2"],
                auditors=[world.auditor],
            )
    plan = records.plan_audit(
        by=world.auditor,
        title="t",
        start=START,
        end=END,
        scope="s",
        clauses=["7.2"],
        auditors=[world.second_auditor],
    )
    assert plan.planned_by == world.auditor


def test_an_audit_records_its_seed_chosen_at_random_when_not_given(plan, world, manager):
    audit = records.schedule_audit(
        plan, by=manager, auditor=world.auditor, planned_on=TODAY, clauses=["7.5"], size=5
    )
    assert 0 <= audit.seed < 10**9 and audit.state == AuditState.PLANNED


def test_an_audit_is_by_one_of_the_plans_auditors_of_the_plans_clauses(plan, manager, make_user):
    from upheld.complaints.roles import AUDITOR

    outsider = make_user(AUDITOR, "carol")
    with pytest.raises(InvalidInput) as refused:
        records.schedule_audit(
            plan,
            by=manager,
            auditor=outsider,
            planned_on="tomorrow",
            clauses=["8.2"],
            size=0,
            seed=-1,
        )
    assert set(refused.value.errors) == {"auditor", "planned_on", "clauses", "size", "seed"}
    assert not Audit.objects.exists()


def test_the_sample_is_the_one_anyone_draws_again_with_the_recorded_seed(sampled, world):
    again = sampling.draw(START, END, sampled.sample_size, sampled.seed, auditor=world.auditor)
    assert sample_of(sampled) == [d.reference for d in again]
    assert len(sample_of(sampled)) == 8 and sampled.state == AuditState.SAMPLED
    row = SampledComplaint.objects.filter(audit=sampled).first()
    assert row.channel in ("web", "email", "phone", "letter") and row.team.startswith("Team")


def test_the_sample_never_holds_the_auditors_own_complaints(plan, world, manager):
    audit = records.schedule_audit(
        plan, by=manager, auditor=world.auditor, planned_on=TODAY, clauses=["7.2"], size=100
    )
    records.draw_sample(audit, by=world.auditor)
    drawn = set(sample_of(audit))
    assert drawn == {c.reference for c in world.complaints} - world.own


def test_only_the_audits_auditor_draws_its_sample_and_only_once(audit, world, manager):
    for person in (manager, world.second_auditor):
        with pytest.raises(NotPermitted):
            records.draw_sample(audit, by=person)
    records.draw_sample(audit, by=world.auditor)
    with pytest.raises(records.NotNow):
        records.draw_sample(audit, by=world.auditor)
    assert SampledComplaint.objects.filter(audit=audit).count() == 8


def first_sampled(audit) -> Complaint:
    return SampledComplaint.objects.filter(audit=audit).order_by("position").first().complaint


def test_the_checklist_answers_per_complaint_and_per_clause_and_an_answer_again_replaces_it(
    sampled, world
):
    complaint = first_sampled(sampled)
    records.record_answer(
        sampled,
        by=world.auditor,
        clause="7.2",
        complaint=complaint,
        procedure="yes",
        objectives="partly",
        note="Acknowledged late.",
    )
    records.record_answer(
        sampled, by=world.auditor, clause="7.2", procedure="yes", objectives="yes"
    )
    records.record_answer(
        sampled,
        by=world.auditor,
        clause="7.2",
        complaint=complaint,
        procedure="no",
        objectives="no",
        note="No receipt recorded.",
    )
    answers = ChecklistAnswer.objects.filter(audit=sampled)
    assert answers.count() == 2
    mine = answers.get(complaint=complaint)
    assert (mine.procedure, mine.objectives, mine.note) == ("no", "no", "No receipt recorded.")
    assert answers.get(complaint__isnull=True).objectives == "yes"


def test_the_checklist_refuses_bad_answers_naming_the_field(sampled, world):
    with pytest.raises(InvalidInput) as refused:
        records.record_answer(
            sampled, by=world.auditor, clause="7.5", procedure="maybe", objectives="", note=7
        )
    assert set(refused.value.errors) == {"clause", "procedure", "objectives", "note"}
    outside = next(c for c in world.complaints if c.reference not in sample_of(sampled))
    with pytest.raises(InvalidInput) as refused:
        records.record_answer(
            sampled,
            by=world.auditor,
            clause="7.2",
            complaint=outside,
            procedure="yes",
            objectives="yes",
        )
    assert set(refused.value.errors) == {"complaint"}
    assert not ChecklistAnswer.objects.exists()


def test_nothing_is_answered_before_the_sample_is_drawn(audit, world):
    with pytest.raises(records.NotNow):
        records.record_answer(
            audit, by=world.auditor, clause="7.2", procedure="yes", objectives="yes"
        )


def test_an_auditor_given_a_sampled_complaint_since_may_no_longer_audit_it(
    sampled, world, manager, make_user
):
    complaint = first_sampled(sampled)
    complaint.involved_users.add(world.auditor)  # named in it since the draw
    with pytest.raises(ConflictOfInterest, match=complaint.reference):
        records.record_answer(
            sampled,
            by=world.auditor,
            clause="7.2",
            complaint=complaint,
            procedure="yes",
            objectives="yes",
        )
    with pytest.raises(ConflictOfInterest):
        records.record_finding(
            sampled,
            by=world.auditor,
            kind="minor",
            clause="7.2",
            statement="Late.",
            complaints=[complaint],
        )
    assert not ChecklistAnswer.objects.exists() and not Finding.objects.exists()


def test_an_auditor_who_joined_a_sampled_complaints_team_may_no_longer_audit_it(sampled, world):
    from upheld.organisation.models import Membership

    complaint = first_sampled(sampled)
    Membership.objects.create(team=complaint.team, person=world.auditor)
    with pytest.raises(ConflictOfInterest):
        records.record_answer(
            sampled,
            by=world.auditor,
            clause="7.2",
            complaint=complaint,
            procedure="yes",
            objectives="yes",
        )


def test_findings_are_linked_to_a_clause_and_complaints_of_the_sample(sampled, world):
    complaints = [first_sampled(sampled)]
    finding = records.record_finding(
        sampled,
        by=world.auditor,
        kind="major",
        clause="7.4",
        statement="Acknowledgements are not sent for letters.",
        complaints=complaints,
    )
    assert finding.get_kind_display() == "major nonconformity"
    assert list(finding.complaints.all()) == complaints and finding.clause == "7.4"
    for kind in ("minor", "observation", "opportunity"):
        records.record_finding(
            sampled, by=world.auditor, kind=kind, clause="7.2", statement=f"A {kind}."
        )
    assert Finding.objects.filter(audit=sampled).count() == 4


def test_a_finding_with_bad_input_names_every_field(sampled, world):
    outside = next(c for c in world.complaints if c.reference not in sample_of(sampled))
    with pytest.raises(InvalidInput) as refused:
        records.record_finding(
            sampled, by=world.auditor, kind="serious", clause="8.6", statement=" "
        )
    assert set(refused.value.errors) == {"kind", "clause", "statement"}
    with pytest.raises(InvalidInput) as refused:
        records.record_finding(
            sampled,
            by=world.auditor,
            kind="minor",
            clause="7.2",
            statement="Late.",
            complaints=[outside],
        )
    assert set(refused.value.errors) == {"complaints"}
    with pytest.raises(NotPermitted):
        records.record_finding(
            sampled, by=world.second_auditor, kind="minor", clause="7.2", statement="Late."
        )
    assert not Finding.objects.exists()


def test_the_report_needs_each_clause_answered_and_then_closes_the_records(sampled, world):
    with pytest.raises(InvalidInput, match="7.2, 7.4"):
        records.report_audit(sampled, by=world.auditor, conclusion="Conforms.")
    for clause in ("7.2", "7.4"):
        records.record_answer(
            sampled, by=world.auditor, clause=clause, procedure="yes", objectives="yes"
        )
    with pytest.raises(InvalidInput) as refused:
        records.report_audit(sampled, by=world.auditor, conclusion="")
    assert set(refused.value.errors) == {"conclusion"}
    audit = records.report_audit(sampled, by=world.auditor, conclusion="Conforms.")
    assert audit.state == AuditState.REPORTED and audit.reported_at is not None
    with pytest.raises(records.NotNow):
        records.record_finding(
            audit, by=world.auditor, kind="minor", clause="7.2", statement="Too late."
        )


def test_the_auditor_records_findings_and_changes_no_complaint(sampled, world):
    before = {c.pk: (c.status, c.assignee_id, c.team_id) for c in Complaint.objects.all()}
    events = Event.objects.count()
    complaint = first_sampled(sampled)
    records.record_answer(
        sampled,
        by=world.auditor,
        clause="7.2",
        complaint=complaint,
        procedure="no",
        objectives="no",
    )
    records.record_finding(
        sampled,
        by=world.auditor,
        kind="major",
        clause="7.2",
        statement="Not recorded.",
        complaints=[complaint],
    )
    after = {c.pk: (c.status, c.assignee_id, c.team_id) for c in Complaint.objects.all()}
    assert after == before and Event.objects.count() == events
    from upheld.complaints import lifecycle

    with pytest.raises(NotPermitted):  # the Auditor role makes no move
        lifecycle.acknowledge(complaint, by=world.auditor)


def test_the_audit_report_is_a_pdf_of_the_plan_sample_checklist_findings_and_conclusion(
    sampled, world
):
    from upheld.assurance.report import audit_report

    from .conftest import text_of

    complaint = first_sampled(sampled)
    for clause in ("7.2", "7.4"):
        records.record_answer(
            sampled,
            by=world.auditor,
            clause=clause,
            procedure="yes",
            objectives="partly",
            note=f"Clause {clause} holds.",
        )
    records.record_finding(
        sampled,
        by=world.auditor,
        kind="minor",
        clause="7.4",
        statement="One acknowledgement was late.",
        complaints=[complaint],
    )
    records.report_audit(sampled, by=world.auditor, conclusion="The process conforms.")
    pdf = audit_report(Audit.objects.get(pk=sampled.pk))
    assert pdf[:5] == b"%PDF-"
    text = text_of(pdf)
    for words in (
        "Internal audit report",
        "Complaints handling, this quarter",
        "--seed 2026",
        complaint.reference,
        "One acknowledgement was late.",
        "minor nonconformity",
        "The process conforms.",
        "7.4 Acknowledgement",
    ):
        assert words in text, words


def test_a_plan_of_a_past_period_draws_its_sample_from_that_period(plan, world, manager):
    plan.period_start = plan.period_end = TODAY - timedelta(days=30)
    plan.save()
    audit = records.schedule_audit(
        plan, by=manager, auditor=world.auditor, planned_on=TODAY, clauses=["7.2"], size=3
    )
    with pytest.raises(InvalidInput) as refused:
        records.draw_sample(audit, by=world.auditor)
    assert set(refused.value.errors) == {"size"}
    assert Audit.objects.get(pk=audit.pk).state == AuditState.PLANNED


def test_an_action_is_raised_from_a_finding_once_by_its_auditor_or_the_manager(
    sampled, world, manager, handler
):
    from upheld.improve.models import Action, Origin

    from .conftest import business_day

    finding = records.record_finding(
        sampled,
        by=world.auditor,
        kind="major",
        clause="7.4",
        statement="Letters are not acknowledged.",
    )
    other = records.record_finding(
        sampled,
        by=world.auditor,
        kind="minor",
        clause="7.2",
        statement="Receipt times are rounded.",
    )
    with pytest.raises(NotPermitted):
        records.raise_finding_action(
            finding,
            by=world.second_auditor,
            what="x",
            kind="corrective",
            owner=handler,
            due=business_day(),
        )
    with pytest.raises(InvalidInput) as refused:
        records.raise_finding_action(
            finding, by=world.auditor, what="", kind="soon", owner=None, due="next week"
        )
    assert set(refused.value.errors) == {"what", "kind", "owner", "due"}
    assert not Action.objects.exists()
    finding = records.raise_finding_action(
        finding,
        by=world.auditor,
        what="Acknowledge letters on the day.",
        kind="corrective",
        owner=handler,
        due=business_day(),
    )
    assert finding.action.origin == Origin.AUDIT_FINDING and finding.action.owner == handler
    with pytest.raises(records.NotNow):
        records.raise_finding_action(
            finding, by=manager, what="Again.", kind="corrective", owner=handler, due=business_day()
        )
    other = records.raise_finding_action(
        other,
        by=manager,
        what="Record the minute.",
        kind="preventive",
        owner=handler,
        due=business_day(),
    )
    assert Action.objects.count() == 2 and other.action.kind == "preventive"

"""ISO 10002 8.5, 8.6 on the desk: the auditor plans, samples, answers, finds and reports;
top management and the complaints manager hold reviews and record decisions; every list is a
keyset page with its statements pinned; bad input is named on its field and changes
nothing; whoever may not read audits is told so (403), and nobody but the audit's auditor
records in it."""

import re

import pytest
from django.urls import reverse

from upheld.assurance import records
from upheld.assurance.models import Audit, AuditPlan, ChecklistAnswer, Finding, Review
from upheld.improve.models import Action
from upheld.testing import form_token

from .conftest import END, START, TODAY, business_day

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_auditor_walks_an_audit_from_plan_to_report(client, world, manager, handler):
    c = signed_in(client, world.auditor)
    response = c.post(
        reverse("assurance:plan_new"),
        {
            "title": "Second half",
            "start": START.isoformat(),
            "end": END.isoformat(),
            "scope": "Every channel.",
            "clauses": ["7.2", "7.4"],
            "auditors": [world.auditor.pk],
        },
    )
    plan = AuditPlan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/plans/{plan.pk}/")
    response = c.post(
        reverse("assurance:plan", args=[plan.pk]),
        {
            "auditor": world.auditor.pk,
            "planned_on": TODAY.isoformat(),
            "clauses": ["7.2", "7.4"],
            "size": 6,
            "seed": 99,
        },
    )
    audit = Audit.objects.get()
    assert audit.seed == 99 and response.status_code == 302
    assert c.post(reverse("assurance:draw", args=[audit.pk])).status_code == 302
    page = c.get(reverse("assurance:audit", args=[audit.pk])).content.decode()
    assert "--seed 99" in page and page.count("/desk/complaints/CMP-") == 6
    sampled = audit.sample.order_by("position").first().complaint
    response = c.post(
        reverse("assurance:answer", args=[audit.pk]),
        {
            "answer-clause": "7.2",
            "answer-complaint": sampled.pk,
            "answer-procedure": "no",
            "answer-objectives": "partly",
            "answer-note": "Receipt not timed.",
        },
    )
    assert response.status_code == 302
    for clause in ("7.2", "7.4"):
        c.post(
            reverse("assurance:answer", args=[audit.pk]),
            {
                "answer-clause": clause,
                "answer-complaint": "",
                "answer-procedure": "yes",
                "answer-objectives": "yes",
            },
        )
    response = c.post(
        reverse("assurance:finding", args=[audit.pk]),
        {
            "finding-kind": "minor",
            "finding-clause": "7.2",
            "finding-statement": "Not timed.",
            "finding-complaints": [sampled.pk],
        },
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and list(finding.complaints.all()) == [sampled]
    response = c.post(
        reverse("assurance:finding_action", args=[audit.pk]),
        {
            "action-finding": finding.pk,
            "action-what": "Time every receipt.",
            "action-kind": "corrective",
            "action-owner": handler.pk,
            "action-due": business_day().isoformat(),
        },
    )
    assert response.status_code == 302 and Finding.objects.get().action.owner == handler
    response = c.post(
        reverse("assurance:report", args=[audit.pk]),
        {"report-conclusion": "Conforms, one minor finding."},
    )
    assert response.status_code == 302 and Audit.objects.get().state == "reported"
    pdf = c.get(reverse("assurance:report_pdf", args=[audit.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"


def test_a_finding_posted_again_is_recorded_once(client, sampled, world):
    """The back button or a double click on the finding form: its one-time token is spent by
    the finding it recorded, so the same form again records nothing and leads to the audit."""
    c = signed_in(client, world.auditor)
    data = {
        "finding-kind": "minor",
        "finding-clause": "7.2",
        "finding-statement": "Not timed.",
        "finding-complaints": [sampled.sample.order_by("position").first().complaint.pk],
        "form_token": form_token(c),
    }
    url = reverse("assurance:finding", args=[sampled.pk])
    first, again = c.post(url, data), c.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] and Finding.objects.count() == 1


def test_bad_input_is_named_on_its_field_and_changes_nothing(client, sampled, world):
    c = signed_in(client, world.auditor)
    response = c.post(
        reverse("assurance:answer", args=[sampled.pk]),
        {
            "answer-clause": "9.9",
            "answer-complaint": "x",
            "answer-procedure": "maybe",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_answer-clause"' in body and 'href="#id_answer-procedure_0"' in body
    assert not ChecklistAnswer.objects.exists()
    response = c.post(reverse("assurance:finding", args=[sampled.pk]), {})
    assert response.status_code == 400 and "id_finding-statement" in response.content.decode()
    response = c.post(reverse("assurance:report", args=[sampled.pk]), {"report-conclusion": "x"})
    assert response.status_code == 400 and "7.2, 7.4" in response.content.decode()
    assert Audit.objects.get().state == "sampled" and not Finding.objects.exists()


def test_a_second_draw_is_refused_with_a_message_not_an_error(client, sampled, world):
    response = signed_in(client, world.auditor).post(reverse("assurance:draw", args=[sampled.pk]))
    assert response.status_code == 409 and "drawn already" in response.content.decode()


def test_nobody_but_the_audits_auditor_records_in_it(client, sampled, world, top, manager):
    for person in (world.second_auditor, top, manager):
        c = signed_in(client, person)
        for name in ("draw", "answer", "finding", "report"):
            assert c.post(reverse(f"assurance:{name}", args=[sampled.pk])).status_code == 403
        assert c.get(reverse("assurance:audit", args=[sampled.pk])).status_code == 200
    assert not ChecklistAnswer.objects.exists()


def test_who_may_not_read_audits_is_told_so(client, sampled, handler):
    c = signed_in(client, handler)
    for url in (
        reverse("assurance:home"),
        reverse("assurance:audit", args=[sampled.pk]),
        reverse("assurance:reviews"),
        reverse("assurance:report_pdf", args=[sampled.pk]),
    ):
        response = c.get(url)
        assert response.status_code == 403 and b"Not open to you" in response.content
    client.logout()
    assert client.get(reverse("assurance:home")).status_code == 302


def test_a_review_from_its_pack_to_its_decisions(client, top, manager, handler):
    c = signed_in(client, top)
    preview = c.get(reverse("assurance:pack_preview") + f"?start={START}&end={END}")
    assert preview.content[:5] == b"%PDF-"
    response = c.post(
        reverse("assurance:review_new"),
        {
            "start": START.isoformat(),
            "end": END.isoformat(),
            "held_on": TODAY.isoformat(),
            "attendees": [top.pk, manager.pk],
            "others": "Dana",
            "notes": "",
        },
    )
    review = Review.objects.get()
    assert response.status_code == 302
    page = c.get(reverse("assurance:review", args=[review.pk])).content.decode()
    assert review.pack_sha256 in page
    pack = c.get(reverse("assurance:pack", args=[review.pk]))
    assert pack.content == bytes(Review.objects.get().pack)
    assert pack["X-Content-SHA256"] == review.pack_sha256
    response = c.post(
        reverse("assurance:decision", args=[review.pk]),
        {
            "decision-topic": "training",
            "decision-what": "Train the post room.",
            "decision-kind": "preventive",
            "decision-owner": handler.pk,
            "decision-due": business_day().isoformat(),
        },
    )
    assert response.status_code == 302
    page = c.get(reverse("assurance:review", args=[review.pk])).content.decode()
    assert "Train the post room." in page and "open" in page
    assert Action.objects.get().origin == "review_decision"


def test_a_decision_with_bad_input_is_named_and_nothing_is_raised(client, top):
    review = records.hold_review(by=top, start=START, end=END, held_on=TODAY, attendees=[top])
    response = signed_in(client, top).post(
        reverse("assurance:decision", args=[review.pk]),
        {
            "decision-topic": "process",
            "decision-what": "Hire.",
            "decision-kind": "corrective",
            "decision-owner": top.pk,
            "decision-due": "2000-01-03",
        },
    )
    assert response.status_code == 400
    assert 'href="#id_decision-due"' in response.content.decode()
    assert not Action.objects.exists()


def test_a_review_with_bad_input_is_named_and_nothing_is_recorded(client, top):
    response = signed_in(client, top).post(
        reverse("assurance:review_new"),
        {
            "start": END.isoformat(),
            "end": START.isoformat(),
            "held_on": "soon",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_held_on"' in body and 'href="#id_attendees"' in body
    assert not Review.objects.exists()


def test_the_lists_are_keyset_pages_in_a_pinned_number_of_statements(
    client, world, manager, top, django_assert_num_queries
):
    for i in range(30):
        records.plan_audit(
            by=manager,
            title=f"Plan {i}",
            start=START,
            end=END,
            scope="s",
            clauses=["7.2"],
            auditors=[world.auditor],
        )
    c = signed_in(client, world.auditor)
    c.get(reverse("assurance:home"))  # the session, the permissions: read once
    # the session, the user, their permissions (2), the organisation, the page of plans
    with django_assert_num_queries(6):
        first = c.get(reverse("assurance:home")).content.decode()
    before = re.search(r"\?before=(\d+)", first).group(1)
    with django_assert_num_queries(6):
        deep = c.get(reverse("assurance:home") + f"?before={before}").content.decode()
    assert "Plan 29" in first and "Plan 0" in deep and "Plan 29" not in deep
    assert c.get(reverse("assurance:home") + "?before=nonsense").status_code == 200
    for _i in range(3):
        records.hold_review(by=top, start=START, end=END, held_on=TODAY, attendees=[top])
    c.get(reverse("assurance:reviews"))
    with django_assert_num_queries(6):
        c.get(reverse("assurance:reviews"))


def test_the_audit_page_and_its_sample_pages_in_a_pinned_number_of_statements(
    client, plan, world, manager, django_assert_num_queries
):
    audit = records.schedule_audit(
        plan, by=manager, auditor=world.auditor, planned_on=TODAY, clauses=["7.2"], size=20
    )
    records.draw_sample(audit, by=world.auditor)
    for i in range(3):
        finding = records.record_finding(
            audit, by=world.auditor, kind="observation", clause="7.2", statement=f"Seen {i}."
        )
        if i:  # two with an action, one without (so the form to raise one is shown)
            records.raise_finding_action(
                finding,
                by=world.auditor,
                what=f"Act {i}.",
                kind="corrective",
                owner=manager,
                due=business_day(),
            )
    c = signed_in(client, world.auditor)
    c.get(reverse("assurance:audit", args=[audit.pk]))
    # the session, the user, their permissions (2), the audit, a page of the sample, the
    # sample for the forms, the findings with their complaints (2), the checklist, the
    # organisation, the owners an action may be given to
    with django_assert_num_queries(12):
        c.get(reverse("assurance:audit", args=[audit.pk]))
    with django_assert_num_queries(12):
        page = c.get(reverse("assurance:audit", args=[audit.pk]) + "?after=10")
    assert page.content.decode().count("/desk/complaints/CMP-") == 10

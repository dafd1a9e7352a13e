"""ISO 10002 8.5, 8.6 in a real browser (Debian's Chromium): an auditor walks an audit from
its plan to its sample, checklist, findings, an action and the report as PDF; top management
records a review from its pack to its decisions. axe-core finds no WCAG 2.2 A/AA violation
on any page, a page with errors included."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from upheld.assurance.models import Audit, Finding, Review
from upheld.complaints import lifecycle
from upheld.complaints.roles import AUDITOR, COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
from upheld.deadlines.models import Calendar
from upheld.improve.models import Action
from upheld.testing import people, sign_in


@pytest.fixture
def cast(transactional_db):
    users = people(
        ("alice", AUDITOR),
        ("tess", TOP_MANAGEMENT),
        ("manu", COMPLAINTS_MANAGER),
        ("hana", HANDLER),
    )
    for i in range(12):
        lifecycle.receive(
            channel=["web", "email", "phone", "letter"][i % 4],
            description=f"Charged twice, case {i}.",
            complainant={"name": f"Complainant {i}", "email": f"c{i}@example.org"},
            product="Current account",
            remedy_sought="Refund the second charge.",
        )
    return users


def submit(page, button: str) -> None:
    with page.expect_navigation():
        page.click(button)


def dates():
    today = timezone.localdate()
    calendar, due = Calendar.every().organisation, today + timedelta(days=14)
    while not calendar.is_business_day(due):
        due += timedelta(days=1)
    return (
        today,
        (today - timedelta(days=1)).isoformat(),
        (today + timedelta(days=1)).isoformat(),
        due,
    )


def test_an_audit_from_its_sample_to_its_findings_and_report(
    cast, live_server, new_page, axe, screenshot
):
    today, start, end, due = dates()
    page = sign_in(new_page, live_server, "alice", "/assurance/")
    assert axe(page) == []
    submit(page, "text=Plan audits")
    page.fill("#id_title", "Complaints handling, this month")
    page.fill("#id_start", start)
    page.fill("#id_end", end)
    page.fill("#id_scope", "Receipt to closure, every channel.")
    page.get_by_label("7.2 Receipt of complaint").check()
    page.get_by_label("7.4 Acknowledgement of complaint").check()
    page.get_by_label("alice", exact=True).check()
    submit(page, "#save-plan")
    page.fill("#id_planned_on", today.isoformat())
    page.get_by_label("7.2 Receipt of complaint").check()
    page.get_by_label("7.4 Acknowledgement of complaint").check()
    page.fill("#id_size", "6")
    page.fill("#id_seed", "2026")
    submit(page, "#schedule-audit")
    assert axe(page) == []
    submit(page, "#draw")
    assert page.locator("#sample-table tbody tr").count() == 6
    assert "--seed 2026" in page.content()
    first = page.locator("#id_answer-complaint option").nth(1).get_attribute("value")
    page.select_option("#id_answer-clause", "7.2")
    page.select_option("#id_answer-complaint", first)
    page.check("#id_answer-procedure_2")  # no
    page.check("#id_answer-objectives_1")  # partly
    page.fill("#id_answer-note", "The receipt time was not recorded.")
    submit(page, "#record-answer")
    for clause in ("7.2", "7.4"):
        page.select_option("#id_answer-clause", clause)
        page.check("#id_answer-procedure_0")
        page.check("#id_answer-objectives_0")
        submit(page, "#record-answer")
    # A finding without its statement: named, nothing recorded, still accessible.
    page.check("#id_finding-kind_1")  # minor
    page.select_option("#id_finding-clause", "7.2")
    submit(page, "#record-finding")
    assert page.locator("#error-summary").is_visible() and not Finding.objects.exists()
    assert axe(page) == []
    page.check("#id_finding-kind_1")
    page.select_option("#id_finding-clause", "7.2")
    page.fill("#id_finding-statement", "Receipt times are not recorded for letters.")
    page.select_option("#id_finding-complaints", [first])
    submit(page, "#record-finding")
    page.fill("#id_action-what", "Record the time of receipt of every letter.")
    page.select_option("#id_action-owner", label="hana")
    page.fill("#id_action-due", due.isoformat())
    submit(page, "#raise-action")
    page.fill("#id_report-conclusion", "The process conforms, with one minor nonconformity.")
    submit(page, "#report-audit")
    assert Audit.objects.get().state == "reported"
    assert Finding.objects.get().action.owner.username == "hana"
    assert axe(page) == []
    screenshot(page, "assurance-audit")
    with page.expect_download() as download:
        page.click("#report-pdf")
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_a_management_review_from_its_pack_to_its_decisions(
    cast, live_server, new_page, axe, screenshot
):
    today, start, end, due = dates()
    page = sign_in(new_page, live_server, "tess", "/assurance/reviews/")
    assert axe(page) == []
    submit(page, "text=Record a review")
    with page.expect_download() as preview:
        page.click("#pack-preview")
    assert Path(preview.value.path()).read_bytes()[:5] == b"%PDF-"
    page.fill("#id_start", start)
    page.fill("#id_end", end)
    page.select_option("#id_attendees", label=["manu", "tess"])
    page.fill("#id_others", "Dana Díaz (external adviser)")
    submit(page, "#hold-review")
    review = Review.objects.get()
    assert review.pack_sha256 in page.content()
    with page.expect_download() as pack:
        page.click("#pack")
    assert Path(pack.value.path()).read_bytes() == bytes(review.pack)
    page.check("#id_decision-topic_3")  # training
    page.fill("#id_decision-what", "Train the post room in recording receipt times.")
    page.select_option("#id_decision-owner", label="manu")
    page.fill("#id_decision-due", due.isoformat())
    submit(page, "#record-decision")
    assert Action.objects.get().origin == "review_decision"
    assert page.get_by_role("row", name="Train the post room").count() == 1
    assert axe(page) == []
    screenshot(page, "assurance-review")


def test_a_page_of_the_audit_report(cast):
    """The report's first page as an image (docs/screenshots when UPHELD_SCREENSHOTS is set)."""
    from upheld.assurance import records
    from upheld.assurance.report import audit_report

    today, start, end, due = dates()
    users = cast
    plan = records.plan_audit(
        by=users["manu"],
        title="Complaints handling, this month",
        start=today - timedelta(1),
        end=today + timedelta(1),
        scope="Receipt to closure.",
        clauses=["7.2", "7.4"],
        auditors=[users["alice"]],
    )
    audit = records.schedule_audit(
        plan,
        by=users["alice"],
        auditor=users["alice"],
        planned_on=today,
        clauses=["7.2", "7.4"],
        size=6,
        seed=2026,
    )
    records.draw_sample(audit, by=users["alice"])
    for clause in ("7.2", "7.4"):
        records.record_answer(
            audit,
            by=users["alice"],
            clause=clause,
            procedure="yes",
            objectives="partly",
            note="Late acknowledgements of letters.",
        )
    records.record_finding(
        audit,
        by=users["alice"],
        kind="minor",
        clause="7.4",
        statement="Letters are acknowledged after five days.",
    )
    records.report_audit(audit, by=users["alice"], conclusion="Conforms, one minor finding.")
    png = audit_report(Audit.objects.get(pk=audit.pk), fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    if folder := os.environ.get("UPHELD_SCREENSHOTS"):
        (Path(folder) / "audit-report.png").write_bytes(png)

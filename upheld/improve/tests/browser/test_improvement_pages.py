"""ISO 10002 8.7 in a real browser (Debian's Chromium): the complaints manager starts a root
cause analysis from a problem the monitoring flagged, records the analysis, concludes it,
raises a corrective action, reports it done; an action whose effectiveness check has run
shows the rate before and after and its verdict; external bodies' decisions are recorded.
axe-core finds no WCAG 2.2 A/AA violation on any page."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.models import Category
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
from upheld.complaints.tests.helpers import RECEIPT, ombudsman
from upheld.improve.actions import complete, raise_action
from upheld.improve.actions import due as due_job
from upheld.improve.actions.common import organisation_calendar
from upheld.insight import summaries
from upheld.organisation.models import Organisation
from upheld.taxonomy import seed
from upheld.taxonomy.models import Term
from upheld.testing import PASSWORD, people, sign_in


def _receive(when, cause, handler, category):
    with time_machine.travel(when, tick=False):
        c = lifecycle.receive(**RECEIPT)
        return lifecycle.classify(c, by=handler, category=category, cause=cause.pk)


@pytest.fixture
def loop(transactional_db):
    org = Organisation.current()
    org.name = "Acme Bank"
    org.save()
    users = people(
        ("hana", HANDLER), ("manu", COMPLAINTS_MANAGER), ("tom", TOP_MANAGEMENT), password=PASSWORD
    )
    seed.load_shipped()
    category = Category.objects.create(name="Cards")
    delay = Term.objects.get(taxonomy__dimension="cause", code="delay")
    fees = Term.objects.get(taxonomy__dimension="cause", code="fees-charges")
    other = Term.objects.get(taxonomy__dimension="cause", code="communication")
    now = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    # A recurring problem in the last three weeks: six complaints of delay.
    for i in range(6):
        _receive(now - timedelta(days=20 - 3 * i), delay, users["hana"], category)
    # Earlier: an action on fees, raised 200 days ago and done 100 days ago; complaints of
    # fees before it, hardly any after; its effectiveness check has come due.
    raised, done = now - timedelta(days=200), now - timedelta(days=100)
    for day in range(0, 90, 3):
        _receive(
            raised - timedelta(days=day + 1),
            fees if day % 9 == 0 else other,
            users["hana"],
            category,
        )
        _receive(done + timedelta(days=day + 1), other, users["hana"], category)
    _receive(done + timedelta(days=40, hours=1), fees, users["hana"], category)
    summaries.run_all()
    with time_machine.travel(raised, tick=False):
        cal = organisation_calendar()
        action = raise_action(by=users["manu"], what="Show every fee before the customer agrees",
                              kind="corrective", owner=users["hana"],
                              due=cal.business_days_after(cal.local_date(raised), 20),
                              origin="audit_finding")  # fmt: skip
        action.cause = fees
        action.save(update_fields=["cause"])
    with time_machine.travel(done, tick=False):
        complete(action, by=users["hana"], note="The fee is shown on the confirmation page.")
    due_job.run()
    ombudsman()
    return users, action


def test_the_manager_walks_the_loop_from_a_flagged_problem(
    loop, live_server, new_page, axe, screenshot
):
    users, checked = loop
    day = timezone.localdate()
    window = f"?start={day - timedelta(days=25)}&end={day}"
    page = sign_in(new_page, live_server, "manu", f"/insight/organisation/{window}")
    with page.expect_navigation():
        page.locator("a.start-rca").first.click()
    assert "Recurring problem: Delay" in page.input_value("#id_title")
    assert axe(page) == []
    screenshot(page, "improve-start")
    page.select_option("#id_owner", str(users["manu"].pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Start the analysis").click()
    page.select_option("#id_method", "five_whys")
    page.fill(
        "#id_notes",
        "1. Why late? Refunds wait for the weekly batch.\n2. Why weekly? Set up for cheques.",
    )
    page.check("#id_affects_others_1")  # yes
    page.fill("#id_affects_which", "Card refunds use the same batch.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the analysis").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Conclude the analysis").click()
    assert page.locator("text=concluded").count() >= 1
    # A due day that is not a business day is named on its field.
    page.fill("#id_what", "Run the refund batch every day")
    page.check("#id_kind_0")
    page.select_option("#id_owner", str(users["hana"].pk))
    cal = organisation_calendar()
    today = cal.local_date(timezone.now())
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    page.fill("#id_due", saturday.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Raise the action").click()
    assert page.locator(".error-summary").count() == 1
    assert axe(page) == []
    screenshot(page, "improve-root-cause-errors")
    page.fill("#id_due", cal.business_days_after(today, 10).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Raise the action").click()
    assert "/improve/actions/" in page.url
    assert axe(page) == []
    screenshot(page, "improve-action")
    page.goto(f"{live_server.url}/improve/root-causes/")
    assert axe(page) == []
    screenshot(page, "improve-root-causes")
    page.goto(f"{live_server.url}/improve/actions/{checked.pk}/")
    assert page.locator("text=effective").count() >= 1
    assert axe(page) == []
    screenshot(page, "improve-effectiveness-check")
    page.goto(f"{live_server.url}/improve/actions/")
    assert axe(page) == []
    screenshot(page, "improve-actions")


def test_an_external_bodys_decision_and_the_read_only_view(
    loop, live_server, new_page, axe, screenshot
):
    from upheld.complaints.models import Complaint

    ref = Complaint.objects.order_by("pk").values_list("reference", flat=True).first()
    page = sign_in(new_page, live_server, "manu", f"/improve/external/?complaint={ref}")
    page.select_option("#id_body", label="Financial Ombudsman Service")
    page.fill("#id_decided_on", timezone.localdate().isoformat())
    page.check("#id_finding_1")
    page.fill("#id_summary", "The fee was not shown; refund with interest.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the decision").click()
    assert page.locator("text=1 of 1 decisions against the organisation").count() == 1
    assert axe(page) == []
    screenshot(page, "improve-external")
    top = sign_in(new_page, live_server, "tom", "/improve/root-causes/")
    assert top.locator("text=Start a root cause analysis").count() == 0
    assert axe(top) == []

"""ISO 10002 8.4: each role opens its dashboard in a real browser (Debian's Chromium): a
handler's own figures, a complaints manager's team's, top management's whole picture, each
with its charts and tables, grouped and filtered; axe-core finds no WCAG 2.2 A/AA violation
on any of them."""

from datetime import UTC, datetime, timedelta

import pytest

from upheld.complaints.models import Category
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
from upheld.insight import summaries
from upheld.organisation.models import Organisation
from upheld.taxonomy import seed
from upheld.taxonomy.models import Term
from upheld.testing import PASSWORD, people, sign_in

from ..conftest import History


class Cast:
    def __init__(self, handler, manager, category):
        self.handler, self.manager, self.category = handler, manager, category


@pytest.fixture
def figures(transactional_db):
    org = Organisation.current()
    org.name = "Acme Bank"
    org.save()
    users = people(
        ("hana", HANDLER), ("manu", COMPLAINTS_MANAGER), ("tom", TOP_MANAGEMENT), password=PASSWORD
    )
    seed.load_shipped()  # the data migration's rows: flushed by an earlier browser test
    products = [Category.objects.create(name=n) for n in ("Cards", "Loans", "Savings")]
    causes = list(Term.objects.filter(taxonomy__dimension="cause")[:3])
    history = History(Cast(users["hana"], users["manu"], products[0]))
    from upheld.complaints import lifecycle

    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    per_week = [1, 2, 1, 2, 1, 1, 2, 1, 6]  # a rise in the last week
    for week, n in enumerate(per_week):
        for i in range(n):
            when = start + timedelta(weeks=week, hours=3 * i)
            c = history.received(when)
            c = history.at(when, lifecycle.classify, c, by=users["hana"],
                           category=products[i % 3], cause=causes[0].pk)  # fmt: skip
            if i % 2 == 0:
                history.decided_and_closed(
                    c, when, ack_h=2, decide_h=30 + 10 * i, close_h=50 + 10 * i,
                    outcome=("upheld", "not_upheld", "partly_upheld")[week % 3],
                )  # fmt: skip
    summaries.run_all()
    return users


QUERY = "?start=2026-01-01&end=2026-03-08&grain=week"


@pytest.mark.parametrize(
    "who, view, by",
    [("hana", "mine", ""), ("manu", "team", "product"), ("tom", "organisation", "product")],
)
def test_each_role_opens_its_dashboard_without_accessibility_violations(
    figures, live_server, new_page, axe, screenshot, who, view, by
):
    page = sign_in(new_page, live_server, who, f"/insight/{view}/{QUERY}&by={by}")
    assert page.url.endswith(f"/insight/{view}/{QUERY}&by={by}")
    assert page.locator("svg.chart").count() >= 1
    assert page.locator("table").count() >= 2
    assert page.locator("script").count() == 0  # no JavaScript needed
    assert axe(page) == []
    screenshot(page, f"insight-{view}")


def test_filters_by_period_and_dimension_in_the_browser(figures, live_server, new_page, axe):
    page = sign_in(new_page, live_server, "tom", "/insight/organisation/")
    page.fill("#id_start", "2026-01-01")
    page.fill("#id_end", "2026-03-08")
    page.select_option("#id_by", "cause")
    with page.expect_navigation():
        page.click("#show")
    assert "by=cause" in page.url
    assert page.get_by_role("row", name="Staff error").count() or page.locator("text=(total)")
    assert axe(page) == []
    # A wrong period is named, and the page still shows figures.
    page.fill("#id_start", "2026-03-08")
    page.fill("#id_end", "2026-01-01")
    with page.expect_navigation():
        page.click("#show")
    assert page.locator("text=The last day is before the first.").count() >= 1
    assert axe(page) == []


def test_a_page_of_the_management_review_pack(figures):
    """The pack's first page as an image (docs/screenshots when UPHELD_SCREENSHOTS is set)."""
    import os
    from datetime import date
    from pathlib import Path

    from upheld.insight.pack import management_review
    from upheld.insight.reports import period

    png = management_review(*period(date(2026, 1, 1), date(2026, 3, 8)), fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    if folder := os.environ.get("UPHELD_SCREENSHOTS"):
        (Path(folder) / "management-review.png").write_bytes(png)

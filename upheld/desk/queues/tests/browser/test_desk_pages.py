"""The desk's own pages in a real browser (Debian's Chromium): the home with its counts and
unread notices, the queues (breached and due soon read from the clocks), the notices and
my tasks — each passes axe-core's WCAG 2.2 A/AA checks, as a handler and as a manager.
Their screenshots go under docs/screenshots/ (docs/make_screenshots.py desk)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
from upheld.complaints.tests.helpers import ASSESSMENT
from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule
from upheld.notify.models import Notice
from upheld.organisation.models import Membership, Organisation, Team
from upheld.testing import people, sign_in

PEOPLE = [
    ("Ada Lovelace", "I was charged an overdraft fee twice in March."),
    ("Grace Hopper", "My card was declined abroad although I told the bank I was travelling."),
    ("Alan Turing", "The interest on my credit card went up without a letter."),
    ("Edsger Dijkstra", "Nobody answered my calls about a missing refund."),
    ("Barbara Liskov", "A payment I cancelled was taken from my account."),
]


@pytest.fixture
def desk(transactional_db):
    org = Organisation.current()
    org.name = "Acme Bank"
    org.save()
    seed.ensure()
    ClockRule.objects.filter(profile__applies_at_receipt=True).exclude(
        key="final_response"
    ).delete()
    cards = Team.objects.create(name="Cards")
    users = people(("hana", HANDLER), ("manu", COMPLAINTS_MANAGER))
    for name, member in (("hana", "member"), ("manu", "manager")):
        Membership.objects.create(team=cards, person=users[name], role=member)
    made = []
    for i, (name, said) in enumerate(PEOPLE):
        c = lifecycle.receive(
            channel="web",
            description=said,
            complainant={"name": name, "email": f"{name.split()[0].lower()}@example.org"},
            product="Credit card",
            remedy_sought="Put it right.",
            received_at=timezone.now() - timedelta(days=[60, 58, 54, 50, 10][i]),
            by=SYSTEM,
        )
        lifecycle.route(c, by=users["manu"], team=cards)
        made.append(c)
    for c in made[:3]:
        lifecycle.assign(c, by=users["manu"], assignee=users["hana"])
    lifecycle.add_correspondence(
        made[0], by=SYSTEM, direction="in", channel="email", sender="ada@example.org", body="News?"
    )
    assessed = lifecycle.assess(made[1], by=users["manu"], **ASSESSMENT)
    investigating = lifecycle.investigate(assessed, by=users["hana"], plan="Check the card logs.")
    lifecycle.add_task(
        investigating,
        by=users["manu"],
        title="Ask the card scheme for the decline codes.",
        owner=users["hana"],
        due_in=3,
    )
    return made, users


PAGES = [
    ("/desk/", "desk-home"),
    ("/desk/queues/breached/", "desk-queue-breached"),
    ("/desk/queues/due_soon/", "desk-queue-due-soon"),
    ("/desk/queues/team/", "desk-queue"),
    ("/desk/notices/", "desk-notices"),
    ("/desk/tasks/", "desk-my-tasks"),
]


def test_the_desk_pages_pass_the_checks_as_a_handler(live_server, desk, new_page, axe, screenshot):
    made, users = desk
    page = sign_in(new_page, live_server, "hana", "/desk/")
    assert "unread notices" in page.inner_text("main")
    for path, name in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert axe(page) == [], path
        screenshot(page, name)
    # The breached queue names the limit that is late.
    page.goto(f"{live_server.url}/desk/queues/breached/")
    assert "Final response" in page.inner_text("main") and "(late)" in page.inner_text("main")
    # A notice marked read from the keyboard.
    page.goto(f"{live_server.url}/desk/notices/")
    unread = Notice.objects.filter(recipient=users["hana"], read_at__isnull=True).count()
    page.focus("table.notices button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    left = Notice.objects.filter(recipient=users["hana"], read_at__isnull=True).count()
    assert left == unread - 1
    assert axe(page) == []


def test_the_desk_pages_pass_the_checks_as_a_manager_and_in_spanish(
    live_server, desk, new_page, axe
):
    page = sign_in(new_page, live_server, "manu", "/desk/")
    for path, _name in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert axe(page) == [], path
    page.goto(f"{live_server.url}/desk/queues/breached/?after=nonsense")
    assert axe(page) == []
    spanish = sign_in(new_page, live_server, "hana", "/desk/")
    spanish.context.add_cookies(
        [{"name": "django_language", "value": "es", "url": live_server.url}]
    )
    spanish.goto(f"{live_server.url}/desk/notices/")
    assert "Sus avisos" in spanish.inner_text("main")
    assert axe(spanish) == []

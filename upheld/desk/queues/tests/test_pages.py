"""Each page of a queue costs the same statements at row 1 and deep in the queue: keyset
pages ("more" links, no COUNT of the queue), pinned here as the core pins its moves'."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upheld.complaints.actors import SYSTEM
from upheld.core import lookups
from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule

from .test_queues import ago

pytestmark = pytest.mark.django_db

QUEUES = (
    "mine",
    "team",
    "unassigned",
    "due_soon",
    "breached",
    "awaiting",
    "escalated",
    "recently_closed",
    "all",
)
# A page whose rows all come from the dated part of the queue: the session, the user, the
# look-ups' generation, the page's rows (the filter's categories and the rows' category
# names come from the categories kept per process: complaints/categories.py).
FULL_PAGE = 4
# A page where the dated part ends and the undated part fills the rest: one statement more.
LAST_PAGE = FULL_PAGE + 1


@pytest.fixture
def many(teams, receive):
    """60 Cards complaints, each a day apart in what is due."""
    return [receive("Credit card", received_at=ago(70 - i), by=SYSTEM) for i in range(60)]


def statements(client, url, **params) -> tuple[int, object]:
    lookups.reset()  # a server keeps the look-ups: warm them, then count
    client.get(url, params)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries), response


def next_link(response) -> dict:
    found = re.search(rb'href="[^"]*after=([^"&]+)"', response.content)
    from urllib.parse import unquote

    return {"after": unquote(found.group(1).decode())} if found else {}


def test_pages_follow_each_other_without_repeating_or_missing_a_row(client, many, handler):
    client.force_login(handler)
    seen, params = [], {}
    for _ in range(5):
        response = client.get("/desk/queues/team/", params)
        seen += [r.reference for r in response.context["rows"]]
        params = next_link(response)
        if not params:
            break
    assert seen == [c.reference for c in many]  # soonest due first, each once


@pytest.mark.parametrize("queue", QUEUES)
def test_every_queue_page_costs_the_same_statements_at_any_depth(client, many, handler, queue):
    client.force_login(handler)
    url = f"/desk/queues/{queue}/"
    first, response = statements(client, url)
    rows = len(response.context["rows"])
    # Newest closed first, and the clock queues (time limits by due instant): no undated part.
    one_part = queue in ("recently_closed", "due_soon", "breached")
    assert first == (FULL_PAGE if rows == 25 or one_part else LAST_PAGE), queue
    if rows == 25:
        deep, response = statements(client, url, **next_link(response))
        assert deep == FULL_PAGE


def test_a_page_of_the_undated_part_is_one_statement_for_its_rows(client, many, handler):
    client.force_login(handler)
    page, _response = statements(client, "/desk/queues/all/", after="u~~~0")
    assert page == FULL_PAGE


def test_a_manager_page_with_bulk_actions_costs_no_more(client, many, manager):
    # The bulk form's one-time token is signed, not kept in the session (web/formtoken.py).
    client.force_login(manager)
    count, response = statements(client, "/desk/queues/team/")
    assert response.context["bulk"] and count == FULL_PAGE


def test_the_home_page_costs_the_same_whatever_the_volume(client, many, handler):
    client.force_login(handler)
    count, response = statements(client, "/desk/")
    # session, user, generation, four capped counts, the saved views, the unread notices
    assert count == 9
    numbers = {item["queue"].name: item["count"] for item in response.context["counts"]}
    assert numbers["unassigned"] == 60


def test_the_home_page_counts_no_further_than_its_cap(client, many, handler, settings):
    settings.UPHELD_DESK_HOME_CAP = 40
    client.force_login(handler)
    _, response = statements(client, "/desk/")
    numbers = {item["queue"].name: item["count"] for item in response.context["counts"]}
    assert numbers["unassigned"] == 41  # read no further than one past the cap
    assert b'<span class="number">40+</span> Unassigned' in response.content


@pytest.fixture
def many_late(teams, receive):
    """30 Cards complaints past their final response (56 days) and 30 within its last week
    (at risk), so each clock queue has a second page. Only the final response's clock runs."""
    seed.ensure()
    ClockRule.objects.filter(profile__applies_at_receipt=True).exclude(
        key="final_response"
    ).delete()
    late = [receive("Credit card", received_at=ago(57 + i), by=SYSTEM) for i in range(30)]
    at_risk = [receive("Credit card", received_at=ago(55.5 - i / 5), by=SYSTEM) for i in range(30)]
    return late, at_risk


@pytest.mark.parametrize("queue", ["breached", "due_soon"])
def test_a_clock_queue_costs_the_same_on_its_first_and_a_deep_page(
    client, many_late, handler, queue
):
    client.force_login(handler)
    url = f"/desk/queues/{queue}/"
    first, response = statements(client, url)
    seen = [r.reference for r in response.context["rows"]]
    assert first == FULL_PAGE and len(seen) == 25
    deep, response = statements(client, url, **next_link(response))
    seen += [r.reference for r in response.context["rows"]]
    assert deep == FULL_PAGE and not next_link(response)
    late, at_risk = many_late
    # Soonest due first: the longest overdue first, the at-risk one nearest its limit first.
    expected = reversed(late) if queue == "breached" else at_risk
    assert seen == [c.reference for c in expected]

"""Complaints are listed newest first with filters, a page at a time, in a fixed number of
queries per page whatever its size."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle


@pytest.fixture
def received(make_complaint, handler):
    """Seven complaints received an hour apart (oldest first), by phone and by letter."""
    now = timezone.now()
    return [
        make_complaint(
            by=handler,
            channel="phone" if i % 2 else "letter",
            received_at=now - timedelta(hours=7 - i),
        )
        for i in range(7)
    ]


def refs(page: dict) -> list[str]:
    return [row["reference"] for row in page["items"]]


def test_pages_follow_each_other_newest_first_without_gaps_or_repeats(handler, api_as, received):
    client = api_as(handler)
    seen, cursor = [], None
    while True:
        page = client.get("/complaints", limit=3, **({"cursor": cursor} if cursor else {}))
        assert page.status_code == 200
        seen += refs(page.json())
        cursor = page.json()["next"]
        if cursor is None:
            break
    assert seen == [c.reference for c in reversed(received)]


def test_complaints_received_at_the_same_instant_are_all_listed(handler, api_as, make_complaint):
    at = timezone.now() - timedelta(days=1)
    same = {make_complaint(by=handler, channel="phone", received_at=at).reference for _ in range(5)}
    client = api_as(handler)
    first = client.get("/complaints", limit=2).json()
    second = client.get("/complaints", limit=10, cursor=first["next"]).json()
    assert set(refs(first)) | set(refs(second)) == same
    assert second["next"] is None


def test_filters_narrow_the_list(handler, manager, api_as, received, category):
    client = api_as(handler)
    phone = [c.reference for c in received if c.channel == "phone"]
    assert set(refs(client.get("/complaints", channel="phone").json())) == set(phone)
    lifecycle.classify(received[0], by=handler, category=category)
    lifecycle.assign(received[1], by=manager, assignee=handler)
    lifecycle.withdraw(received[2], by=handler)
    assert refs(client.get("/complaints", category=category.pk).json()) == [received[0].reference]
    assert refs(client.get("/complaints", assignee="handler").json()) == [received[1].reference]
    assert refs(client.get("/complaints", status="withdrawn").json()) == [received[2].reference]
    window = client.get(
        "/complaints",
        received_after=received[2].received_at.isoformat(),
        received_before=received[4].received_at.isoformat(),
    ).json()
    assert refs(window) == [received[3].reference, received[2].reference]


def test_each_page_takes_the_same_number_of_queries_whatever_its_size(
    handler, api_as, received, django_assert_max_num_queries, django_assert_num_queries
):
    client = api_as(handler)
    client.get("/complaints")  # token use recorded once
    with django_assert_max_num_queries(6) as small:
        assert len(client.get("/complaints", limit=2).json()["items"]) == 2
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get("/complaints", limit=7).json()["items"]) == 7


def test_a_category_three_levels_deep_costs_no_query_per_row(
    handler, api_as, received, django_assert_num_queries
):
    from upheld.complaints.models import Category

    top = Category.objects.create(name="Cards")
    middle = Category.objects.create(name="Fees", parent=top)
    leaf = Category.objects.create(name="Late payment", parent=middle)
    for complaint in received:
        lifecycle.classify(complaint, by=handler, category=leaf)
    client = api_as(handler)
    client.get("/complaints")  # token use recorded once
    # token, 2x permission, the teams (the visibility rule), the page. Categories were just
    # saved in this test's transaction, so nothing is kept in memory (a server keeps the
    # permissions and the teams: one statement, the page).
    with django_assert_num_queries(5):
        page = client.get("/complaints", limit=7).json()
    assert {row["category"]["path"] for row in page["items"]} == {"Cards › Fees › Late payment"}


@pytest.mark.parametrize(
    "query,field",
    [
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"status": "lost"}, "status"),
    ],
)
def test_a_bad_page_request_is_422_naming_the_field(handler, api_as, query, field):
    response = api_as(handler).get("/complaints", **query)
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_a_time_filter_with_any_offset_is_compared_in_utc(handler, api_as, received):
    """An offset PostgreSQL cannot hold (+17:17) is still a valid time: found by the fuzz test
    as a 500 on PostgreSQL. The same instant written two ways selects the same complaints."""
    client = api_as(handler)
    cut = received[3].received_at.astimezone(UTC)
    plain = client.get("/complaints", received_before=cut.isoformat()).json()
    shifted = cut.astimezone(timezone.get_fixed_timezone(17 * 60 + 17)).isoformat()
    odd = client.get("/complaints", received_before=shifted).json()
    assert refs(odd) == refs(plain) == [c.reference for c in reversed(received[:3])]
    far = client.get("/complaints", received_before="0548-07-11T08:54:03+17:17")
    assert far.status_code == 200 and far.json()["items"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("received_after=0001-01-01T00:00:00%2B10:00", "received_after"),  # before year 1
        ("assignee=a%00b", "assignee"),  # NUL: no database keeps it as text
    ],
)
def test_odd_filters_are_refused_naming_the_field(api_as, manager, query, field):
    response = api_as(manager).get(f"/complaints?{query}")
    assert response.status_code == 422 and field in response.json()["fields"]


def test_a_deep_page_is_a_range_of_the_index_at_any_depth(handler, api_as, received):
    """Issue 12: on PostgreSQL `(received_at, id) < (x, y)` is an index range at any depth
    (the OR form it replaces was scanned from the newest complaint); on every database the
    page is bounded by `received_at <= x`, which the index on received_at serves."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(handler)
    first = client.get("/complaints", limit=2).json()
    with CaptureQueriesContext(connection) as captured:
        client.get("/complaints", limit=2, cursor=first["next"])
    [listing] = [q["sql"] for q in captured if "complaints_complaint" in q["sql"]]
    assert '"complaints_complaint"."received_at" <= ' in listing
    if connection.vendor == "postgresql":
        assert '("complaints_complaint"."received_at", "complaints_complaint"."id") <' in listing
        assert " OR " not in listing

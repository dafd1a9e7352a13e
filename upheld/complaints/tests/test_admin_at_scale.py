"""ISO 10002 8.1: the admin's complaint list stays usable at a million complaints — its
statements do not grow with the categories or the complaints, nothing scans the table
(no date hierarchy, no full counts), and search by reference is an index lookup.
bench/admin_list.py times it on a million complaints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upheld.complaints.models import Category, Complaint

from .test_admin import CHANGELIST, admin_client, classified, superuser  # noqa: F401

pytestmark = pytest.mark.django_db


def statements(client, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(CHANGELIST, params or {}).status_code == 200
    return [q["sql"] for q in captured]


def test_the_list_costs_the_same_statements_for_2_or_60_categories_three_deep(
    admin_client,  # noqa: F811
    cast,
):
    classified(cast, "investigating")
    few = len(statements(admin_client))
    for i in range(20):
        top = Category.objects.create(name=f"Area {i}")
        middle = Category.objects.create(name=f"Topic {i}", parent=top)
        Category.objects.create(name=f"Detail {i}", parent=middle)

    page = admin_client.get(CHANGELIST).content.decode()
    assert len(statements(admin_client)) == few
    assert "Area 7" in page and "Topic 7" not in page  # the top level only, at first
    topic = Category.objects.get(name="Topic 7")
    assert len(statements(admin_client, {"category": topic.pk})) == few
    page = admin_client.get(CHANGELIST, {"category": topic.pk}).content.decode()
    # On the way down: the top level, the chosen one's parent and siblings, its children,
    # each named by its path; nothing of the other areas below their top.
    assert "Area 7 › Topic 7 › Detail 7" in page and "Area 7 › Topic 7<" in page
    assert "Area 3" in page and "Topic 3" not in page


def test_a_category_lists_its_complaints_and_those_of_the_categories_below_it(
    admin_client,  # noqa: F811
    cast,
):
    top = Category.objects.create(name="Cards")
    fees = Category.objects.create(name="Fees", parent=top)
    loans = Category.objects.create(name="Loans")
    at_top, below, elsewhere = cast.receive(), cast.receive(), cast.receive()
    for complaint, category in ((at_top, top), (below, fees), (elsewhere, loans)):
        Complaint.objects.filter(pk=complaint.pk).update(category=category)
    page = admin_client.get(CHANGELIST, {"category": top.pk}).content.decode()
    assert at_top.reference in page and below.reference in page
    assert elsewhere.reference not in page
    page = admin_client.get(CHANGELIST, {"category": fees.pk}).content.decode()
    assert below.reference in page and at_top.reference not in page
    # A category that is not a number is refused (the admin's "?e=1"), never a 500.
    assert admin_client.get(CHANGELIST, {"category": "x"}).status_code == 302


def test_the_list_counts_once_and_never_scans_for_dates(admin_client, cast):  # noqa: F811
    cast.receive()
    sql = statements(admin_client, {"status__exact": "received"})
    assert sum("COUNT(" in s.upper() for s in sql) <= 1
    assert not any("DISTINCT" in s.upper() or "DATE_TRUNC" in s.upper() for s in sql)
    assert not any("django_datetime_trunc" in s for s in sql)


@pytest.mark.parametrize("typed", ["upper", "lower"])
def test_search_by_reference_is_an_exact_lookup_the_index_serves(admin_client, cast, typed):  # noqa: F811
    wanted, other = cast.receive(), cast.receive()
    term = wanted.reference if typed == "upper" else wanted.reference.lower()
    with CaptureQueriesContext(connection) as captured:
        page = admin_client.get(CHANGELIST, {"q": term}).content.decode()
    assert wanted.reference in page and other.reference not in page
    searching = [q["sql"] for q in captured if wanted.reference in q["sql"]]
    assert searching and not any("UPPER(" in s.upper() or " LIKE " in s.upper() for s in searching)

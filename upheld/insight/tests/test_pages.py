"""ISO 10002 8.4, 5.3: the dashboards per role — a handler's own figures, a manager's team's,
top management's whole picture — with their charts, tables and CSVs, in a fixed number of
queries, and nobody sees a view their role does not give."""

import csv
import io

import pytest
from django.urls import reverse

from .conftest import MARCH  # noqa: F401  (the history's period)

QUERY = "?start=2026-03-01&end=2026-03-31"


def page(client, user, view, query=QUERY):
    client.force_login(user)
    return client.get(reverse("insight:dashboard", args=[view]) + query)


@pytest.mark.parametrize(
    "who, view, status",
    [
        ("handler", "mine", 200),
        ("handler", "team", 404),
        ("handler", "organisation", 404),
        ("manager", "team", 200),
        ("manager", "organisation", 200),
        ("top_manager", "organisation", 200),
        ("top_manager", "mine", 404),
    ],
)
def test_each_role_sees_its_views_only(client, march, request, who, view, status):
    assert page(client, request.getfixturevalue(who), view).status_code == status


def test_the_handler_sees_their_own_figures(client, march, handler):
    body = page(client, handler, "mine").content.decode()
    assert "<svg" in body and "<table" in body
    assert "<script" not in body


def test_insight_sends_each_role_to_its_widest_view(client, march, handler, top_manager):
    client.force_login(handler)
    assert client.get("/insight/")["Location"].endswith("/insight/mine/")
    client.force_login(top_manager)
    assert client.get("/insight/")["Location"].endswith("/insight/organisation/")


@pytest.mark.parametrize(
    "who, view, query, statements",
    [
        ("top_manager", "organisation", QUERY + "&by=channel", 28),  # was 45 from the facts
        ("top_manager", "organisation", QUERY, 24),
        ("manager", "team", QUERY, 30),
        ("handler", "mine", QUERY + "&grain=week", 32),
    ],
)
def test_each_dashboard_in_a_fixed_number_of_queries(
    client, march, request, who, view, query, statements, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))
    url = reverse("insight:dashboard", args=[view]) + query
    client.get(url)
    with django_assert_max_num_queries(statements):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "web form" in body or "by=channel" not in query  # the group's row


def test_the_kpi_csv_of_the_page_has_the_page_figures(client, march, top_manager):
    client.force_login(top_manager)
    url = reverse("insight:download", args=["organisation", "kpis", "csv"]) + QUERY
    response = client.get(url)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert (rows[-1]["received"], rows[-1]["closed"]) == ("3", "2")


def test_bad_filters_are_named_and_the_page_still_answers(client, march, top_manager):
    response = page(client, top_manager, "organisation", "?start=2026-03-31&end=2026-03-01&by=x")
    assert response.status_code == 200
    body = response.content.decode()
    assert "The last day is before the first." in body


def test_a_signed_out_visitor_is_sent_to_sign_in(client, march):
    response = client.get("/insight/organisation/")
    assert response.status_code == 302 and "login" in response["Location"]

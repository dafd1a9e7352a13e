"""The analysis over the API (/api/v1/insight/): the same figures as the pages, cut to the
caller's view, JSON errors naming what is wrong, reports as files."""

import csv
import io

PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


def test_the_kpis_of_the_organisation_for_top_management(api_as, march, top_manager):
    response = api_as(top_manager).get("/insight/kpis", **PERIOD, by="channel")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["name"], r["figures"]["received"]) for r in rows] == [
        ("web form", 3),
        ("(total)", 3),
    ]
    assert rows[-1]["figures"]["redress"]["GBP"]["sum"] == "25.00"


def test_a_view_the_role_does_not_give_is_refused(api_as, march, top_manager, handler):
    assert api_as(top_manager).get("/insight/kpis", **PERIOD, view="mine").status_code == 403
    mine = api_as(handler).get("/insight/kpis", **PERIOD, view="mine")
    assert mine.json()[-1]["figures"]["received"] == 2  # A and B were assigned to them; C not


def test_bad_input_is_a_json_error_naming_the_field(api_as, march, top_manager):
    client = api_as(top_manager)
    response = client.get("/insight/kpis", start="2026-03-31", end="2026-03-01")
    assert response.status_code == 422 and "end" in response.json()["detail"]
    response = client.get("/insight/kpis", **PERIOD, by="mood")
    assert response.status_code == 422 and "by" in response.json()["fields"]


def test_trends_problems_and_a_report_as_csv(api_as, march, top_manager):
    client = api_as(top_manager)
    trend = client.get("/insight/trends", **PERIOD, grain="week").json()
    assert sum(p["count"] for p in trend[0]["points"]) == 3
    assert client.get("/insight/problems", **PERIOD).json() == []
    response = client.get("/insight/reports/complaints.csv", **PERIOD)
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert sorted(r["reference"] for r in rows) == sorted(c.reference for c in march)


def test_without_a_token_the_api_answers_401(client, march):
    assert client.get("/api/v1/insight/kpis", PERIOD).status_code == 401

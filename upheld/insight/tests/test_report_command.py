"""`upheld report kpis`: the KPI table, one row per group with its name and figures."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_kpi_table_as_csv_has_a_row_per_channel_and_the_total(march):
    text = run("kpis", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "channel")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["name"], r["received"], r["closed"]) for r in rows] == [
        ("web form", "3", "2"),
        ("(total)", "3", "2"),
    ]
    assert rows[-1]["redress_GBP_sum"] == "25.00"
    assert rows[-1]["decision_hours_median"] == "84.0"


def test_the_kpi_table_as_json_and_xlsx(march, tmp_path):
    data = json.loads(run("kpis", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "json"))
    total = dict(zip(data["columns"], data["rows"][-1], strict=True))
    assert (total["received"], total["upheld_rate"]) == (3, 0.5)
    path = tmp_path / "kpis.xlsx"
    run(
        "kpis",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "xlsx",
        "--output",
        str(path),
    )
    assert path.read_bytes()[:2] == b"PK"  # a zip: the xlsx container


@pytest.mark.parametrize(
    "args, names",
    [
        (["nothing", "--from", "2026-03-01", "--to", "2026-03-31"], "Unknown report"),
        (["kpis", "--from", "2026-13-01", "--to", "2026-03-31"], "not a date"),
        (["kpis", "--from", "2026-03-31", "--to", "2026-03-01"], "--to"),
        (["kpis", "--from", "2026-03-01", "--to", "2026-03-31", "--by", "mood"], "--by"),
    ],
)
def test_bad_arguments_are_refused_naming_what_is_wrong(db, args, names):
    with pytest.raises(CommandError, match=names):
        run(*args)


def test_check_says_the_summaries_equal_a_recomputation(march):
    out = io.StringIO()
    call_command("insight", "check", stdout=out)
    assert "equal a recomputation" in out.getvalue()


def test_check_finds_a_summary_that_differs(march):
    from upheld.insight import summaries
    from upheld.insight.models import Fact

    a, b, c = march
    Fact.objects.filter(complaint_id=a.pk).update(outcome="not_upheld")
    assert summaries.check() == [a.pk]
    summaries.rebuild()
    assert summaries.check() == []

"""Issue 12, points 6, 7 and 10: rows written to attack or to break the import.

A rejected row goes back into the rejects file with its cells neutralised, so a spreadsheet
opening it runs no formula (6); a row whose date cannot be a date of receipt (year 1, one
that overflows when converted to UTC, the future) is rejected with its reason and the rest
of the file is imported (7, 10). Before, the rejects file carried `=HYPERLINK(…)` as it was
and an extreme date stopped the whole import with an OverflowError."""

import csv
import json

import pytest
from django.core.management import call_command

from upheld.complaints.models import Complaint
from upheld.core.spreadsheet import safe_cell

pytestmark = pytest.mark.django_db

HEADER = ["Case", "Opened", "Customer", "Mail", "Details"]
MAPPING = {
    "source": "old-crm",
    "columns": {
        "external_reference": "Case",
        "received_at": "Opened",
        "complainant.name": "Customer",
        "complainant.email": "Mail",
        "description": "Details",
    },
    "timezone": "Pacific/Kiritimati",  # UTC+14: year 1 at midnight there is before year 1 UTC
}
FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "@SUM(A1)",
    "-2+3",
    "\t=1",
    "\r=1",
]


def run(tmp_path, rows):
    data, mapping, rejects = tmp_path / "in.csv", tmp_path / "map.json", tmp_path / "rejects.csv"
    with open(data, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER, *rows])
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    call_command(
        "import_complaints",
        str(data),
        "--format",
        "generic",
        "--mapping",
        str(mapping),
        "--rejects",
        str(rejects),
        "--no-progress",
    )
    with open(rejects, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_rejected_row_goes_back_with_no_cell_a_spreadsheet_would_run(org, tmp_path):
    rows = [
        [f"F-{i}", "2025-02-03T10:00", formula, "", formula] for i, formula in enumerate(FORMULAS)
    ]
    rejected = run(tmp_path, rows)
    assert len(rejected) == len(FORMULAS)  # no way to reach the complainant
    for row, formula in zip(rejected, FORMULAS, strict=True):
        assert row["Customer"] == "'" + formula and row["Details"] == "'" + formula
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("value", ["-12.50", "+3", "plain", "a=b", "", 42, None])
def test_numbers_and_ordinary_text_are_left_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "opened",
    [
        "0001-01-01T00:00:00",
        "0001-01-01T00:00:00+14:00",
        "1899-06-01T12:00",
        "9999-12-31T23:59",
        "2999-01-01T00:00",
    ],
)
def test_one_impossible_date_rejects_its_row_and_the_rest_is_imported(org, tmp_path, opened):
    rows = [
        ["D-1", opened, "Ada", "ada@example.org", "Charged twice."],
        ["D-2", "2025-02-03T10:00", "Alan", "alan@example.org", "Fee I did not expect."],
    ]
    rejected = run(tmp_path, rows)
    assert [r["Case"] for r in rejected] == ["D-1"]
    assert "Opened" in rejected[0]["reason"] or "received_at" in rejected[0]["reason"]
    assert list(Complaint.objects.values_list("external_reference", flat=True)) == ["D-2"]

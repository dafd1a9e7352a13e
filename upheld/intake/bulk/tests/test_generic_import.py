"""ISO 10002 7.2: any CSV comes in through a column mapping, under the same rules of receipt
as every other channel (a way to reach the complainant, a description, no future date)."""

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from upheld.complaints.events import data_of
from upheld.complaints.models import Complaint, Status
from upheld.complaints.verification import verify_all

pytestmark = pytest.mark.django_db

ROWS = [
    ["Case", "Opened", "Via", "Customer", "Mail", "Area", "Topic", "Details", "Product"],
    [
        "A-1",
        "03/02/2025 14:30",
        "Online",
        "Ada Byron",
        "ada@example.org",
        "Billing",
        "Double charge",
        "Charged twice for one order.",
        "Current account",
    ],
    [
        "A-2",
        "04/02/2025 09:00",
        "Telephone",
        "Alan T",
        "alan@example.org",
        "Billing",
        "",
        "Fee I did not expect.",
        "",
    ],
    [
        "A-3",
        "05/02/2025 10:00",
        "Online",
        "Nobody",
        "",
        "Service",
        "Staff",
        "No way to reach me.",
        "",
    ],
    ["A-4", "2025-02-06", "Online", "Grace", "grace@example.org", "", "", "Wrong date.", ""],
    ["", "07/02/2025 10:00", "Online", "Edsger", "e@example.org", "", "", "No case no.", ""],
]
MAPPING = {
    "source": "old-crm",
    "columns": {
        "external_reference": "Case",
        "received_at": "Opened",
        "channel": "Via",
        "complainant.name": "Customer",
        "complainant.email": "Mail",
        "category": ["Area", "Topic"],
        "description": "Details",
        "product": "Product",
    },
    "date_format": "%d/%m/%Y %H:%M",
    "timezone": "Europe/London",
    "channel_values": {"Online": "web", "Telephone": "phone"},
}


@pytest.fixture
def files(tmp_path):
    data, mapping = tmp_path / "crm.csv", tmp_path / "map.json"
    with open(data, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(ROWS)
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    return data, mapping, tmp_path / "rejects.csv"


def _import(files):
    data, mapping, rejects = files
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
        return {int(r["line"]): r["reason"] for r in csv.DictReader(f)}


def test_mapped_columns_become_the_complaint_record(org, files):
    rejected = _import(files)
    assert Complaint.objects.count() == 2
    first = Complaint.objects.select_related("complainant", "category__parent").get(
        external_reference="A-1"
    )
    assert first.channel == "web" and first.status == Status.RECEIVED
    assert first.received_at.isoformat() == "2025-02-03T14:30:00+00:00"  # GMT in February
    assert first.complainant.name == "Ada Byron"
    assert first.complainant.email == "ada@example.org"
    assert str(first.category) == "Billing › Double charge"
    assert first.description == "Charged twice for one order."
    assert first.product == "Current account"
    second = Complaint.objects.get(external_reference="A-2")
    assert second.channel == "phone" and str(second.category) == "Billing"
    assert [e.kind for e in first.events.all()] == ["received"]
    assert data_of(first.events.get())["classified"]["category"] == "Billing › Double charge"
    assert data_of(first.events.get(seq=1))["import"]["fields"]["Customer"] == "Ada Byron"
    # The source record is personal data: beside the chain, which holds its keyed digest
    # and the state the complaint was created in (as a single receipt's event does).
    chained = first.events.get(seq=1).data
    assert "Ada Byron" not in str(chained) and len(chained["personal"]) == 64
    assert (chained["from"], chained["to"]) == (None, "received")
    assert all(problem is None for _, problem in verify_all())
    assert set(rejected) == {4, 5, 6}


def test_rows_that_break_the_rules_of_receipt_are_rejected_with_the_reason(org, files):
    rejected = _import(files)
    assert "Give at least one way to reach the complainant" in rejected[4]
    assert "Opened '2025-02-06' is not a date (%d/%m/%Y %H:%M)" in rejected[5]
    assert "Case is empty" in rejected[6]


def test_importing_again_creates_nothing(org, files):
    _import(files)
    _import(files)
    assert Complaint.objects.count() == 2


def test_a_wrong_mapping_is_refused_before_anything_is_imported(org, files):
    data, mapping, _ = files
    mapping.write_text(json.dumps({"columns": {"description": "Nope", "colour": "Via"}}))
    with pytest.raises(CommandError) as error:
        call_command(
            "import_complaints",
            str(data),
            "--format",
            "generic",
            "--mapping",
            str(mapping),
            "--no-progress",
        )
    message = str(error.value)
    assert "unknown Upheld field 'colour'" in message
    assert "'external_reference' is required" in message
    assert "description: the file has no column 'Nope'" in message
    assert not Complaint.objects.exists()


def test_a_list_of_columns_for_a_field_that_is_not_a_path_is_refused(org, files):
    data, mapping, _ = files
    mapping.write_text(
        json.dumps(
            {**MAPPING, "columns": {**MAPPING["columns"], "description": ["Details", "Topic"]}}
        )
    )
    with pytest.raises(CommandError) as error:
        call_command(
            "import_complaints",
            str(data),
            "--format",
            "generic",
            "--mapping",
            str(mapping),
            "--no-progress",
        )
    assert "description: one column, not a list" in str(error.value)
    assert not Complaint.objects.exists()

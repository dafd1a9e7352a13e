"""The whole CFPB export (49,234 rows in ../shared/data/cfpb/complaints.csv): every row is
kept or rejected with a reason, and the complaints by product and by "Submitted via" are
those of the file. Runs on both databases in CI; skipped where the file is absent."""

import csv
import random

import pytest

from upheld.complaints.models import Complaint
from upheld.intake.bulk.runner import import_file

from .readback import FULL, db_counts, file_counts, read_back

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not FULL.exists(),
        reason=f"the CFPB export is not at {FULL} (it lives beside the repository in CI)",
    ),
]


def test_every_row_of_the_cfpb_export_is_kept_or_rejected_with_a_reason(org, tmp_path):
    rejects = tmp_path / "rejects.csv"
    summary = import_file(FULL, fmt="cfpb", progress=False, rejects=rejects, batch_size=5000)
    products, channels, total = file_counts(FULL)
    with open(rejects, newline="", encoding="utf-8") as f:
        rejected = list(csv.DictReader(f))
    assert all(r["line"] and r["reason"] for r in rejected)
    assert summary.skipped == 0  # the export holds each Complaint ID once
    assert summary.read == total == summary.created + len(rejected)
    assert Complaint.objects.count() == summary.created
    if not rejected:
        assert db_counts() == (products, channels)

    # Field-exact round trip on a sample of the file.
    with open(FULL, newline="", encoding="utf-8") as f:
        sample = random.Random(10002).sample(list(csv.DictReader(f)), 300)
    by_id = {
        c.external_reference: c
        for c in Complaint.objects.select_related("category__parent__parent").filter(
            external_reference__in=[r["Complaint ID"] for r in sample]
        )
    }
    for row in sample:
        assert read_back(by_id[row["Complaint ID"]]) == row

"""ISO 10002 7.2: outside any caller's transaction (as `upheld import-complaints` runs) each
batch is committed on its own — on PostgreSQL by the writer thread while the next batch is
prepared — and a second run finds every row already imported."""

import pytest

from upheld.complaints.models import Complaint, Event
from upheld.complaints.verification import verify_all
from upheld.intake.bulk.runner import import_file

from .readback import SAMPLE, db_counts, file_counts

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_batch_is_committed_and_a_second_run_creates_nothing(org):
    first = import_file(SAMPLE, fmt="cfpb", progress=False, batch_size=40)
    assert (first.read, first.created, first.skipped, first.rejected) == (200, 200, 0, 0)
    products, channels, _ = file_counts(SAMPLE)
    assert db_counts() == (products, channels)
    assert Event.objects.count() == 200  # one event per complaint
    assert all(problem is None for _, problem in verify_all())

    again = import_file(SAMPLE, fmt="cfpb", progress=False, batch_size=40)
    assert (again.created, again.skipped, again.rejected) == (0, 200, 0)
    assert Complaint.objects.count() == 200

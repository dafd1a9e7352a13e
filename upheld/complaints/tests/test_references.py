"""ISO 10002 7.2: each complaint gets a unique reference, allocated atomically, even when many
complaints arrive at the same moment; a receipt that is rolled back leaves no gap."""

import re
import threading

import pytest
from django.db import connections, transaction
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.models import Complaint, ReferenceCounter

from .helpers import RECEIPT

THREADS, EACH = 8, 25


def counter(year: int) -> int:
    row = ReferenceCounter.objects.filter(year=year).first()
    return row.value if row else 0


def number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


@pytest.mark.django_db(transaction=True)
def test_complaints_received_from_many_threads_at_once_get_unique_references_without_gaps():
    year = timezone.now().year
    first = counter(year) + 1
    barrier = threading.Barrier(THREADS)
    references: list[str] = []
    failures: list[Exception] = []

    def receive_many(i: int):
        try:
            barrier.wait(timeout=30)
            for n in range(EACH):
                c = lifecycle.receive(**{**RECEIPT, "description": f"Thread {i}, complaint {n}"})
                references.append(c.reference)
        except Exception as error:  # noqa: BLE001 — reported below, with the others
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive_many, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not failures, failures
    assert len(references) == len(set(references)) == THREADS * EACH
    assert all(re.fullmatch(rf"CMP-{year}-\d{{6}}", r) for r in references)
    assert sorted(map(number, references)) == list(range(first, first + THREADS * EACH))
    assert counter(year) == first + THREADS * EACH - 1
    stored = Complaint.objects.filter(reference__in=references)
    assert stored.count() == THREADS * EACH
    assert set(stored.values_list("trail_length", flat=True)) == {1}


@pytest.mark.django_db
def test_a_receipt_rolled_back_gives_its_number_back():
    kept = lifecycle.receive(**RECEIPT)
    with transaction.atomic():
        lifecycle.receive(**RECEIPT)
        transaction.set_rollback(True)
    after = lifecycle.receive(**RECEIPT)
    assert number(after.reference) == number(kept.reference) + 1


@pytest.mark.django_db
def test_each_year_counts_from_one(handler):
    last_year = timezone.now().replace(year=timezone.now().year - 1)
    c = lifecycle.receive(**{**RECEIPT, "channel": "letter"}, by=handler, received_at=last_year)
    assert c.reference == f"CMP-{last_year.year}-000001"


@pytest.mark.django_db
def test_references_carry_the_organisations_prefix(org):
    org.reference_prefix = "NHS"
    org.save()
    assert lifecycle.receive(**RECEIPT).reference.startswith("NHS-")

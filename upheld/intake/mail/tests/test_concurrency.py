"""Every worker runs fetch-mail (upheld.core.periodic), so two runs may read the same
mailbox at the same moment: each message must still become exactly one complaint."""

import threading

import pytest
from django.db import connection

from upheld.complaints.models import Complaint
from upheld.intake.mail.fetch import fetch_mail
from upheld.intake.mail.models import ProcessedMail

from . import messages


@pytest.mark.django_db(transaction=True)
def test_two_fetches_at_once_take_each_message_exactly_once(mailbox, org):
    for n in range(6):
        mailbox.deliver(messages.plain(sender=f"person{n}@example.org"))
    start, reports, errors = threading.Barrier(2), [], []

    def run():
        try:
            start.wait(timeout=10)
            reports.append(fetch_mail())
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    runs = [threading.Thread(target=run) for _ in range(2)]
    for t in runs:
        t.start()
    for t in runs:
        t.join(timeout=60)

    assert errors == []
    assert Complaint.objects.count() == 6 == ProcessedMail.objects.count()
    assert sum(len(r.complaints) for r in reports) == 6
    assert sorted(Complaint.objects.values_list("complainant__email", flat=True)) == [
        f"person{n}@example.org" for n in range(6)
    ]
    # One run held the mailbox; the other found it busy (or, later, found it empty).
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 6, "Upheld/Quarantine": 0}


@pytest.mark.django_db
def test_the_mailbox_lease_is_held_by_one_run_and_expires_if_its_holder_dies():
    from datetime import timedelta

    from upheld.intake.mail import lease

    assert lease.acquire("box", "run-a")
    assert lease.acquire("box", "run-a"), "the holder renews it"
    assert not lease.acquire("box", "run-b")
    assert lease.acquire("other-box", "run-b"), "one lease per mailbox"
    assert lease.acquire("box", "run-a", ttl=timedelta(seconds=-1))  # run-a stalls
    assert lease.acquire("box", "run-b"), "an expired lease is free"
    lease.release("box", "run-a")  # too late: no longer its holder
    assert not lease.acquire("box", "run-a")
    lease.release("box", "run-b")
    assert lease.acquire("box", "run-a")


@pytest.mark.django_db
def test_a_run_that_lost_its_lease_cannot_renew_it():
    from datetime import timedelta

    from upheld.intake.mail import lease

    assert lease.acquire("box", "run-a", ttl=timedelta(seconds=-1))  # run-a stalls
    assert lease.renew("box", "run-a"), "nobody took it meanwhile: still run-a's"
    assert lease.acquire("box", "run-a", ttl=timedelta(seconds=-1))
    assert lease.acquire("box", "run-b")
    assert not lease.renew("box", "run-a")
    assert lease.renew("box", "run-b")

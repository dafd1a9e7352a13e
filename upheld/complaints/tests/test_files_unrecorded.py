"""ISO 10002 4.7: the files of a complaint that was never recorded (its receipt failed, or
the transaction around it was rolled back) do not stay behind on disk with the personal
data they hold; the files of recorded complaints are never touched."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from upheld.complaints import files, lifecycle
from upheld.complaints.files import IncomingFile
from upheld.complaints.lifecycle import handling
from upheld.complaints.models import Attachment, Complaint
from upheld.notify import outbox

from .helpers import RECEIPT

pytestmark = pytest.mark.django_db

STATEMENT = IncomingFile("statement.pdf", b"%PDF-1.4 my bank statement", "application/pdf")


def stored(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_a_receipt_that_fails_after_its_files_were_written_leaves_no_file(settings, monkeypatch):
    def outage(*args, **kwargs):
        raise RuntimeError("the outbox is unreachable")

    monkeypatch.setattr(outbox, "queue_acknowledgement", outage)
    with pytest.raises(RuntimeError):
        lifecycle.receive(**RECEIPT, attachments=[STATEMENT])
    assert not Complaint.objects.exists()
    assert stored(settings) == []


def test_a_message_that_fails_after_its_files_were_written_leaves_no_file(
    settings, monkeypatch, handler
):
    complaint = lifecycle.receive(**RECEIPT)
    monkeypatch.setattr(handling.events, "append", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        lifecycle.add_correspondence(
            complaint, by=handler, body="Here is my statement.", attachments=[STATEMENT]
        )
    assert not Attachment.objects.exists()
    assert stored(settings) == []


def test_the_sweep_deletes_files_left_by_a_transaction_rolled_back_around_the_receipt(settings):
    kept = lifecycle.receive(**RECEIPT, attachments=[STATEMENT])
    with pytest.raises(RuntimeError), transaction.atomic():
        lifecycle.receive(**RECEIPT, attachments=[STATEMENT])
        raise RuntimeError("the caller's own transaction fails after the receipt returned")
    assert len(stored(settings)) == 2, "the rolled-back receipt's file is still there"
    for path in stored(settings):
        age(path, 2)

    assert files.sweep_unrecorded() == 1
    [attachment] = Attachment.objects.all()
    assert attachment.complaint == kept
    assert stored(settings) == [Path(settings.MEDIA_ROOT) / attachment.file.name]
    assert attachment.file.read() == STATEMENT.content


def test_the_sweep_leaves_young_files_alone_they_may_belong_to_an_open_transaction(settings):
    storage = Attachment._meta.get_field("file").storage
    name = storage.save(
        f"attachments/{timezone.now():%Y/%m}/unrecorded.pdf", files.ContentFile(b"%PDF-1.4")
    )
    assert files.sweep_unrecorded(older_than=timedelta(hours=1)) == 0
    age(Path(settings.MEDIA_ROOT) / name, 2)
    assert files.sweep_unrecorded(older_than=timedelta(hours=1)) == 1
    assert stored(settings) == []


def test_the_sweep_runs_by_itself_in_every_worker():
    from upheld.core import periodic

    assert "sweep-unrecorded-files" in {job.name for job in periodic.enabled_jobs()}

"""Storing files that come with a complaint; each is hashed (SHA-256) for the trail.

A file is written while the move that brings it (receipt, correspondence) is still in its
transaction, so that the row naming it and the file exist together once it commits. When
the move fails, `kept_only_if_recorded` deletes the files it wrote; when a caller's outer
transaction rolls back later, or the process dies first, `sweep_unrecorded` (run daily by
the worker) deletes files that no attachment names. Personal data in a complaint that was
never recorded does not stay behind on disk (ISO 10002 4.7).
"""

import hashlib
import posixpath
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Attachment, Complaint

FOLDER = "attachments"  # Attachment.file's upload_to is attachments/%Y/%m/
_written: ContextVar[list[str] | None] = ContextVar("upheld_files_written", default=None)


@dataclass(frozen=True)
class IncomingFile:
    """A file as a channel hands it over. Channels check type and size before (intake)."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def store(complaint: Complaint, files, correspondence=None) -> list[dict]:
    """Save the files and return what the trail records of them."""
    now, recorded = timezone.now(), []
    written = _written.get()
    for f in files or []:
        digest = hashlib.sha256(f.content).hexdigest()
        attachment = Attachment(
            complaint=complaint,
            filename=f.filename[:255],
            content_type=f.content_type[:100],
            size=len(f.content),
            sha256=digest,
            added_at=now,
            correspondence=correspondence,
        )
        attachment.file.save(_storage_name(digest, f.filename), ContentFile(f.content), save=False)
        if written is not None:
            written.append(attachment.file.name)
        attachment.save()
        recorded.append(
            {
                "attachment_id": attachment.pk,
                "filename": attachment.filename,
                "size": attachment.size,
                "sha256": digest,
                "content_type": attachment.content_type,
            }
        )
    return recorded


@contextmanager
def kept_only_if_recorded():
    """Around a move's transaction: if it fails, the files `store` wrote in it are deleted."""
    written: list[str] = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        storage = Attachment._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)


def sweep_unrecorded(
    older_than: timedelta = timedelta(hours=1), now: datetime | None = None
) -> int:
    """Delete stored files that no attachment names and that are older than `older_than`
    (younger ones may belong to a transaction still open). Looks in this month's folder and
    the month before: files are written in the folder of the month they arrive in. Returns
    how many files it deleted; safe to run in several workers at once."""
    storage = Attachment._meta.get_field("file").storage
    now = now or timezone.now()
    removed = 0
    for folder in _recent_folders(now):
        try:
            names = storage.listdir(folder)[1]
        except FileNotFoundError:
            continue
        paths = [f"{folder}/{name}" for name in names]
        for start in range(0, len(paths), 1000):
            chunk = paths[start : start + 1000]
            named = set(Attachment.objects.filter(file__in=chunk).values_list("file", flat=True))
            for path in chunk:
                if path in named:
                    continue
                try:
                    if storage.get_modified_time(path) < now - older_than:
                        storage.delete(path)
                        removed += 1
                except FileNotFoundError:  # another worker was first
                    continue
    return removed


def _recent_folders(now: datetime) -> list[str]:
    last_month = now.replace(day=1) - timedelta(days=1)
    return [f"{FOLDER}/{d:%Y}/{d:%m}" for d in (now, last_month)]


def _storage_name(digest: str, filename: str) -> str:
    """The name on disk: the hash, then the file's own name without any folders in it
    (a name such as `../x.pdf` from any channel stays inside the attachments folder)."""
    base = posixpath.basename(filename.replace("\\", "/")).lstrip(".") or "file"
    return f"{digest[:16]}-{base[-80:]}"

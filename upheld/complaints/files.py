"""Storing files that come with a complaint; each is hashed (SHA-256) for the trail."""

import hashlib
import posixpath
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import Attachment, Complaint


@dataclass(frozen=True)
class IncomingFile:
    """A file as a channel hands it over. Channels check type and size before (intake)."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def store(complaint: Complaint, files, correspondence=None) -> list[dict]:
    """Save the files and return what the trail records of them."""
    now, recorded = timezone.now(), []
    for f in files or []:
        digest = hashlib.sha256(f.content).hexdigest()
        attachment = Attachment(complaint=complaint, filename=f.filename[:255],
                                content_type=f.content_type[:100], size=len(f.content),
                                sha256=digest, added_at=now, correspondence=correspondence)
        attachment.file.save(_storage_name(digest, f.filename), ContentFile(f.content),
                             save=False)
        attachment.save()
        recorded.append({"attachment_id": attachment.pk, "filename": attachment.filename,
                         "size": attachment.size, "sha256": digest,
                         "content_type": attachment.content_type})
    return recorded


def _storage_name(digest: str, filename: str) -> str:
    """The name on disk: the hash, then the file's own name without any folders in it
    (a name such as `../x.pdf` from any channel stays inside the attachments folder)."""
    base = posixpath.basename(filename.replace("\\", "/")).lstrip(".") or "file"
    return f"{digest[:16]}-{base[-80:]}"

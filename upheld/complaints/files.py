"""Storing files that come with a complaint; each is hashed (SHA-256) for the trail."""

import hashlib
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
        attachment.file.save(f"{digest[:16]}-{f.filename[-80:]}", ContentFile(f.content),
                             save=False)
        attachment.save()
        recorded.append({"attachment_id": attachment.pk, "filename": attachment.filename,
                         "size": attachment.size, "sha256": digest,
                         "content_type": attachment.content_type})
    return recorded

"""POST /complaints/{reference}/attachments: files that support a complaint (ISO 10002 7.2),
kept as correspondence so the trail records each with its SHA-256. Types are checked by
content (upheld.complaints.filetypes), as on every other channel."""

from django.template.defaultfilters import filesizeformat
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from upheld.complaints import filetypes, lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.events import data_of
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Event
from upheld.complaints.moves.inputs import Input

from .errors import MOVE_ERRORS

router = Router(tags=["complaints"])


class AttachmentOut(Schema):
    attachment_id: int
    filename: str
    size: int
    sha256: str
    content_type: str


class AttachmentsAdded(Schema):
    reference: str
    correspondence_id: int
    attachments: list[AttachmentOut]


class AttachmentNote(Input):
    subject: str = ""
    body: str = ""
    sender: str = ""
    channel: str = "api"


def _incoming(uploads: list[UploadedFile]) -> list[IncomingFile]:
    errors, incoming, limit = {}, [], filetypes.max_bytes()
    for i, upload in enumerate(uploads):
        name = upload.name or f"file-{i + 1}"
        if upload.size > limit:
            errors[f"files.{i}"] = (
                f"“{name}” is {filesizeformat(upload.size)}; files can be "
                f"at most {filesizeformat(limit)}."
            )
            continue
        content = upload.read()
        try:
            kind = filetypes.check(name, content)
        except ValueError as exc:
            errors[f"files.{i}"] = str(exc)
            continue
        incoming.append(IncomingFile(filename=name, content=content, content_type=kind))
    if not uploads:
        errors["files"] = "Attach at least one file."
    if errors:
        raise InvalidInput(errors)
    return incoming


@router.post(
    "/complaints/{reference}/attachments",
    response={201: AttachmentsAdded, **MOVE_ERRORS},
    operation_id="add_attachments",
    summary="Attach files to a complaint",
)
def add_attachments(
    request, reference: str, files: File[list[UploadedFile]], note: Form[AttachmentNote]
):
    """Upload one or more files (multipart/form-data, field `files`) with an optional note.
    They are kept as incoming correspondence (lifecycle add_correspondence), so this works
    in every state. Allowed types and the size limit come from settings
    (UPHELD_ATTACHMENT_TYPES, UPHELD_ATTACHMENT_MAX_BYTES); a refused file → 422 naming it
    and nothing is kept."""
    incoming = _incoming(files)
    complaint = lifecycle.add_correspondence(
        reference,
        by=request.user,
        direction="in",
        channel=note.channel[:16],
        sender=note.sender,
        subject=note.subject,
        body=note.body,
        attachments=incoming,
    )
    event = Event.objects.get(complaint=complaint, seq=complaint.trail_length)
    recorded = data_of(event)
    return Status(
        201,
        {
            "reference": complaint.reference,
            "correspondence_id": recorded["correspondence_id"],
            "attachments": recorded["attachments"],
        },
    )

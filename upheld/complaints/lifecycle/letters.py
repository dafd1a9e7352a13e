"""ISO 10002 4.9, 7.3: every letter that left for the complainant is in the trail — the
letter's kind, channel, template version and the SHA-256 of its PDF and text, by
reference to the kept letter (the letters app keeps it; complaints/correspondence.py)."""

from .. import events
from ..actors import SYSTEM
from ..models import Complaint, EventKind
from ._machine import _locked


def record_letter(
    complaint,
    *,
    by=SYSTEM,
    letter_id: int,
    kind: str,
    channel: str,
    template: str = "",
    pdf_sha256: str = "",
    body_sha256: str = "",
    posted_on: str = "",
    posted_by: str = "",
) -> Complaint:
    """A letter left: e-mailed when it was produced, posted when it was marked posted.
    Only Upheld records it (the letters' worker and post room), whatever the state."""
    with _locked(complaint, "record_letter", by) as (c, actor):
        data = {
            "letter_id": letter_id,
            "kind": kind,
            "channel": channel,
            "template": template,
            "pdf_sha256": pdf_sha256,
            "body_sha256": body_sha256,
        }
        if posted_on:
            data.update(posted_on=posted_on, posted_by=posted_by)
        events.append(c, EventKind.LETTER_SENT, actor, data, public=True)
    return c

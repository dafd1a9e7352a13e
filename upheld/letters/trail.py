"""A letter that left lands in the complaint's trail by the lifecycle's system move
`record_letter` (ISO 10002 4.9, 7.3): e-mailed when it was produced and handed to the mail,
posted when someone marks it posted. A posted acknowledgement acknowledges (7.4), as a
delivered acknowledgement e-mail does."""

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.errors import IllegalMove

from .kinds import Channel, Kind


def record(letter) -> None:
    posted_by = letter.posted_by.get_username() if letter.posted_by_id else ""
    lifecycle.record_letter(
        letter.complaint_id,
        by=SYSTEM,
        letter_id=letter.pk,
        kind=letter.kind,
        channel=letter.channel,
        template=letter.template.label if letter.template_id else "",
        pdf_sha256=letter.pdf_sha256,
        body_sha256=letter.body_sha256,
        posted_on=letter.posted_on.isoformat() if letter.posted_on else "",
        posted_by=posted_by,
    )
    if letter.kind == Kind.ACKNOWLEDGEMENT and letter.channel == Channel.POST:
        try:
            lifecycle.acknowledge(
                letter.complaint_id, by=SYSTEM, method="letter", note=f"letter {letter.pk}"
            )
        except IllegalMove:
            pass  # already acknowledged (by telephone, say), or closed meanwhile

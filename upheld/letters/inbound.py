"""Letters received and telephone calls, kept beside the letters sent (capability 29; ISO
10002 7.3): staff record them with the lifecycle's add_correspondence (by post or phone,
with the scans as its files), which keeps them here through complaints/correspondence.py.
Kept like a letter sent: the text, the scans (as enclosures with their SHA-256), the
channel, the sender, when, and the SHA-256 of the text. Nothing is produced or posted."""

from django.utils import timezone

from upheld.core.outbox import OutboxState

from .kinds import INBOUND, Channel, Direction
from .models import Letter, sha256

# The channels add_correspondence is given for a letter or a call, and how they are kept.
CHANNELS = {"post": Channel.POST, "letter": Channel.POST, "phone": Channel.PHONE}


def keep(complaint, *, channel: str, item, by=None, scans: list | None = None) -> Letter:
    now = timezone.now()
    return Letter.objects.create(
        complaint=complaint,
        kind=INBOUND,
        regime=complaint.regime,
        language=(complaint.complainant.preferred_language or "en")[:2],
        channel=CHANNELS[channel],
        direction=Direction.IN,
        correspondence=item,
        recipient_name=item.sender,
        subject=item.subject,
        body=item.body,
        body_sha256=sha256(item.body.encode()),
        enclosures=[
            {"title": s["filename"], "filename": s["filename"], "sha256": s["sha256"]}
            for s in scans or []
        ],
        # Nothing to deliver: it is kept as it came.
        state=OutboxState.SENT,
        sent_at=now,
        settled_at=now,
        created_by=by if getattr(by, "pk", None) else None,
    )

"""A person takes a quarantined e-mail after all (ISO 10002 7.2: nothing sent is lost).

An automatic message that is really a complaint, or a reply that was refused, becomes a
complaint (or correspondence) through the same `record` as fetched mail, with the staff
member as the one who received it; the lifecycle checks they may."""

from django.db import transaction
from django.utils import timezone

from upheld.complaints.errors import IllegalMove, InvalidInput
from upheld.complaints.models import Complaint

from .fetch import record
from .models import ProcessedMail, QuarantinedMail
from .parse import Unusable, read


def take_anyway(quarantined: QuarantinedMail, *, by) -> Complaint:
    with transaction.atomic():
        q = QuarantinedMail.objects.select_for_update().get(pk=quarantined.pk)
        if q.complaint_id is not None:
            raise IllegalMove(
                "take",
                "released",
                [],
                why=(
                    f"it was already taken as {q.complaint.reference} by {q.released_by} "
                    f"at {q.released_at:%Y-%m-%d %H:%M}"
                ),
            )
        if q.truncated:
            raise InvalidInput(
                {
                    "raw": (
                        "Only part of this message was kept here. Forward it from the quarantine "
                        "folder to the complaints mailbox instead."
                    )
                }
            )
        try:
            mail = read(bytes(q.raw), automatic_ok=True)
        except Unusable as exc:
            raise InvalidInput({"raw": exc.reason}) from None
        taken = record(mail, q.at, by=by)
        if taken is None:  # the same Message-ID was taken meanwhile
            taken = ProcessedMail.objects.get(message_id=mail.key)
        q.complaint, q.released_by, q.released_at = taken.complaint, by, timezone.now()
        q.save(update_fields=["complaint", "released_by", "released_at"])
    return taken.complaint

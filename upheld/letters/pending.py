"""Letters other apps asked for by post before they could write them (notify.PendingLetter:
a new private link for a complainant reachable only by post, written by the portal's and
the desk's `issue_link`). A periodic job takes them, oldest first, and queues each as a
letter to post — with the secret it must print, kept until it is posted — so the post room
prints it like any other letter (ISO 10002 7.3, 4.7)."""

import logging

from django.db import transaction
from django.utils import timezone

from upheld.complaints.errors import InvalidInput
from upheld.notify.pending_letters import PendingLetter

from . import service
from .kinds import Channel, Kind

log = logging.getLogger(__name__)
# notify's kinds of pending letter, and the letter each becomes.
KINDS = {
    "tracking_link": Kind.TRACKING_LINK,
    "survey_invitation": Kind.SURVEY_INVITATION,
    "survey_reminder": Kind.SURVEY_INVITATION,
}


def take(batch: int = 200) -> int:
    """Queue up to `batch` pending letters as letters to post; returns how many. Safe to run
    on several workers at once (each row is taken under a lock that others skip)."""
    with transaction.atomic():
        rows = list(
            PendingLetter.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(produced_at__isnull=True, kind__in=KINDS)
            .select_related("complaint__complainant")
            .order_by("created_at", "pk")[:batch]
        )
        now = timezone.now()
        for row in rows:
            try:
                with transaction.atomic():
                    service.send(
                        row.complaint,
                        KINDS[row.kind],
                        channel=Channel.POST,
                        context=dict(row.context),
                        secret=row.pending_secret,
                    )
            except InvalidInput as refused:  # no postal address any more: nothing to print
                log.warning("pending letter %s not printable: %s", row.pk, refused)
            row.produced_at, row.pending_secret = now, ""
            row.save(update_fields=["produced_at", "pending_secret"])
    return len(rows)

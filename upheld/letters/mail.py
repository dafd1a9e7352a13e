"""An e-mailed letter: notify's worker asks here for its subject, text and attachments
(notify.delivery.register_content), so the e-mail says exactly what the kept letter says,
with its PDF attached and, for an FCA final response, the ombudsman's leaflet."""

from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Letter


def content(msg) -> tuple[str, str, list[tuple[str, bytes, str]]] | None:
    letter_pk = (msg.context or {}).get("letter")
    if not letter_pk:
        return None
    letter = Letter.objects.select_related("complaint").get(pk=letter_pk)
    body = letter.body
    if msg.pending_secret:
        from upheld.notify.outbox import SECRET_PLACEHOLDER, tracking_url

        with translation.override(letter.language):
            body += "\n" + _("Follow your complaint, without an account, at this private link:")
        body += "\n" + tracking_url(SECRET_PLACEHOLDER) + "\n"
    files = [
        (f"{letter.complaint.reference}-{letter.kind}.pdf", bytes(letter.pdf), "application/pdf")
    ]
    for enclosure in letter.enclosures:
        with default_storage.open(enclosure["path"], "rb") as fh:
            files.append((enclosure["filename"], fh.read(), "application/pdf"))
    return letter.subject, body, files

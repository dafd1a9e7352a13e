"""Queue messages to complainants and staff. Called inside the lifecycle's transaction, so
a message exists exactly when the change that needs it was committed (ISO 10002 4.4, 7.4,
7.8). Only the intent is written here (kind, complaint, recipient, language, context);
the worker renders it when it sends it (delivery.py), so no request waits on templates."""

import uuid

from django.conf import settings
from django.urls import reverse

from upheld.core import links

from .models import Message

SECRET_PLACEHOLDER = "TRACKING-SECRET"  # noqa: S105 — a placeholder, not a secret


TRACKING = "portal:track"


def tracking_path(secret: str, link: str = TRACKING) -> str:
    """The path of a private link (`link`: its URL's name; the tracking page by default,
    the satisfaction survey's own link for its invitation)."""
    return reverse(link, args=[secret])


def tracking_url(secret: str) -> str:
    """ISO 10002 7.3: the complainant's private link to follow the complaint."""
    return links.absolute(tracking_path(secret))


def _message_id(complaint) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "upheld.localhost"
    reference = f".{complaint.reference}" if complaint is not None else ""
    return f"<{uuid.uuid4().hex}{reference}@{domain}>"


def _add(**fields) -> Message:
    from .delivery import OUTBOX

    return OUTBOX.add(Message(message_id=_message_id(fields.get("complaint")), **fields))


def queue(
    complaint,
    kind: str,
    *,
    context: dict | None = None,
    secret: str = "",
    to: str | None = None,
    link: str = TRACKING,
) -> Message:
    """A message to the complainant, in their language, written by the worker (the
    letters' templates write it: delivery.register_content). `context` holds JSON values
    only. With a `secret`, the message carries the private link named `link` (a URL name)."""
    person = complaint.complainant
    context = dict(context or {})
    if secret and link != TRACKING:
        context["link"] = link
    return _add(
        complaint=complaint,
        kind=kind,
        to=to or person.email,
        language=person.preferred_language or settings.LANGUAGE_CODE,
        context=context,
        pending_secret=secret,
    )


def queue_to_staff(
    user, kind: str, *, complaint=None, context: dict | None = None, language: str = ""
) -> Message:
    """A message to a staff user (a handler to remind, a manager to warn), at the address
    of their account."""
    if not user.email:
        raise ValueError(f"The staff user {user.get_username()} has no e-mail address.")
    return _add(
        complaint=complaint,
        kind=kind,
        recipient_user=user,
        to=user.email,
        language=language or settings.LANGUAGE_CODE,
        context=context or {},
    )


# Every message to a complainant is written, when the worker first sends it, from the
# letters' versioned templates for its kind, regime and language (upheld/letters/mail.py,
# which queues them through `queue`), and kept there as a letter once delivered.


def queue_acknowledgement(complaint, *, secret: str) -> Message:
    """ISO 10002 7.4 / DISP 1.6.1R: reference, what happens next, the deadline, tracking."""
    return queue(complaint, "acknowledgement", secret=secret)

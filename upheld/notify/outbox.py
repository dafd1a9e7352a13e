"""Queue messages to complainants. Called inside the lifecycle's transaction, so a message
exists exactly when the change that needs it was committed (ISO 10002 4.4, 7.4, 7.8)."""

import uuid

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from upheld.core import links

from .models import Message

SECRET_PLACEHOLDER = "{tracking-secret}"  # noqa: S105 — a placeholder, not a secret


def tracking_path(secret: str) -> str:
    return reverse("portal:track", args=[secret])


def tracking_url(secret: str) -> str:
    """ISO 10002 7.3: the complainant's private link to follow the complaint."""
    return links.absolute(tracking_path(secret))


def queue(
    complaint,
    kind: str,
    *,
    context: dict | None = None,
    secret: str = "",
    to: str | None = None,
    organisation=None,
) -> Message:
    """Render `notify/<kind>_subject.txt` and `<kind>_body.txt` in the complainant's
    language, store the message and enqueue its delivery. A caller that already holds the
    Organisation passes it, so it is not read again."""
    from upheld.organisation.models import Organisation

    from .tasks import deliver_message

    person = complaint.complainant
    language = person.preferred_language or settings.LANGUAGE_CODE
    ctx = {
        "complaint": complaint,
        "organisation": organisation or Organisation.current(),
        "tracking_url": tracking_url(SECRET_PLACEHOLDER) if secret else "",
        **(context or {}),
    }
    with translation.override(language):
        subject = render_to_string(f"notify/{kind}_subject.txt", ctx).strip()
        body = render_to_string(f"notify/{kind}_body.txt", ctx)
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "upheld.localhost"
    message_id = f"<{uuid.uuid4().hex}.{complaint.reference}@{domain}>"
    # The job names the message by its Message-ID, so the message row is written once,
    # already knowing its job; both commit (or roll back) with the caller's transaction.
    job = deliver_message.enqueue(message_id)
    return Message.objects.create(
        complaint=complaint,
        kind=kind,
        to=to or person.email,
        language=language,
        subject=subject[:300],
        body=body,
        pending_secret=secret,
        message_id=message_id,
        job_id=str(job.id),
    )


def queue_acknowledgement(complaint, *, secret: str, organisation=None) -> Message:
    """ISO 10002 7.4 / DISP 1.6.1R: reference, what happens next, the deadline, tracking."""
    return queue(complaint, "acknowledgement", secret=secret, organisation=organisation)


def queue_decision(complaint, decision, message: str = "") -> Message:
    """ISO 10002 7.8: the decision with its reasons, remedies and the ways to go further."""
    return queue(
        complaint,
        "decision",
        context={
            "decision": decision,
            "remedies": list(decision.remedies.all()),
            "message": message,
        },
    )


def queue_recourse(complaint) -> Message:
    """ISO 10002 7.9: after a rejection, the internal review and external recourse open."""
    return queue(complaint, "recourse")


def queue_not_a_complaint(complaint, reason: str) -> Message:
    """Clause 3: the person is told their message was read as other feedback, why, and
    that saying they are dissatisfied and expect a response makes it a complaint."""
    return queue(complaint, "not_a_complaint", context={"reason": reason})

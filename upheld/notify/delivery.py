"""Deliver stored messages through the one outbox (upheld.core.outbox; ISO 10002 4.4, 7.4,
7.8): at most one successful send per message, retried with exponential back-off while
the mail server is down, visibly failed (state `failed` + `message_failed`, which the
complaint side records in the trail) after the last attempt.

The worker renders the message when it first sends it, in the recipient's language, and
keeps the subject and body it sent; a retry sends the same text with the same Message-ID
header, so receiving servers can recognise a duplicate. The tracking secret goes into the
e-mail only: the stored body has a placeholder, and the secret is wiped once the message
is sent or failed."""

from collections.abc import Callable

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_date, parse_datetime

from upheld.core import localtime
from upheld.core.outbox import Outbox

from .models import Message
from .outbox import SECRET_PLACEHOLDER, TRACKING, tracking_path
from .signals import message_delivered, message_failed


def context(msg: Message) -> dict:
    """What notify's own templates (messages to staff) read: the complaint, the
    organisation, the recipient, and the message's own context."""
    from upheld.organisation.models import Organisation

    data = dict(msg.context)
    data.pop("link", None)
    ctx = {
        "complaint": msg.complaint,
        "organisation": Organisation.current(),
        "recipient": msg.recipient_user,
    }
    return {**ctx, **values(data)}


def values(context: dict) -> dict:
    """A message's (or notice's) JSON context as templates read it: instants and dates are
    kept as ISO text in the JSON."""
    data = dict(context)
    for key, value in data.items():
        if key.endswith("_at") and isinstance(value, str):
            data[key] = parse_datetime(value)
        elif key.endswith(("_by", "_on")) and isinstance(value, str):
            data[key] = parse_date(value)
    return data


def render(msg: Message) -> tuple[str, str]:
    """The subject and body: as an app above writes it (the letters' versioned templates
    write every message to a complainant), else — a message to staff —
    `notify/<kind>_subject.txt` and `<kind>_body.txt`."""
    provided = _provided(msg)
    if provided is not None:
        return provided[0], provided[1]
    ctx = context(msg)
    with translation.override(msg.language), localtime.active():
        subject = render_to_string(f"notify/{msg.kind}_subject.txt", ctx).strip()[:300]
        body = render_to_string(f"notify/{msg.kind}_body.txt", ctx)
    return subject, body


# Apps above notify that write a message's content themselves (letters: the text of a kept
# letter with its PDF) register a function here; it returns (subject, body, attachments) for
# the messages it writes, None for the others. Attachments are (filename, bytes, mimetype),
# asked for at each attempt (they are not copied into the message).
_content_providers: list[Callable[[Message], tuple[str, str, list] | None]] = []


def register_content(provider: Callable[[Message], tuple[str, str, list] | None]) -> None:
    if provider not in _content_providers:
        _content_providers.append(provider)


def _provided(msg: Message) -> tuple[str, str, list] | None:
    for provider in _content_providers:
        found = provider(msg)
        if found is not None:
            return found
    return None


def send(msg: Message) -> dict:
    provided = _provided(msg)
    attachments = provided[2] if provided else []
    if not msg.body:  # first attempt: render, and keep what is sent (and what it came from)
        msg.subject, msg.body = provided[:2] if provided else render(msg)
        Message.objects.filter(pk=msg.pk).update(
            subject=msg.subject, body=msg.body, context=msg.context
        )
    body = msg.body
    if msg.pending_secret:
        # Only the link's path is matched: SITE_URL may have changed since the message was
        # rendered (a redeploy while mail was down).
        link = msg.context.get("link", TRACKING)
        body = body.replace(
            tracking_path(SECRET_PLACEHOLDER, link), tracking_path(msg.pending_secret, link)
        )
    email = EmailMessage(
        subject=msg.subject,
        body=body,
        to=[msg.to],
        headers={"Message-ID": msg.message_id, "Auto-Submitted": "auto-generated"},
    )
    for filename, content, mimetype in attachments:
        email.attach(filename, content, mimetype)
    email.send(fail_silently=False)
    return {}


OUTBOX = Outbox(
    Message,
    send,
    queue_name="mail",
    finish={"pending_secret": ""},
    on_sent=lambda msg: message_delivered.send(sender=Message, message=msg),
    on_failed=lambda msg: message_failed.send(sender=Message, message=msg),
)
deliver = OUTBOX.deliver
sweep = OUTBOX.sweep
claim = OUTBOX.claim

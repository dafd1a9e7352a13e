"""The letters' side of notify's e-mails (notify.delivery.register_content):

- an e-mailed letter: the e-mail says exactly what the kept letter says, with its PDF
  attached and, for an FCA final response, the ombudsman's leaflet;
- what Upheld sends on its own (kinds.E_MAILED: the acknowledgement, the recourse after a
  rejection, the not-a-complaint notice, the clocks' progress updates, a new private link,
  the survey's invitation and reminder): queued by `queue` and written by notify's worker
  when it first sends them, from the current version of the letters' template for their
  kind, regime and language (ISO 10002 7.3, 7.4, 7.9, 8.3; DISP 1.6.1R). The message
  keeps the template it was written from; once delivered — in the transaction that settles
  it, with the acknowledgement it makes — it is kept as a letter and recorded in the trail
  like every other letter (`keep_delivered`)."""

from django.core.files.storage import default_storage
from django.utils import timezone

from upheld.core.outbox import OutboxState

from . import facts, text, trail
from .kinds import E_MAILED, Channel, private_link
from .models import Letter, Template, sha256


def queue(complaint, kind: str, *, context: dict | None = None, secret: str = ""):
    """The e-mail of `kind` to the complainant, in the caller's transaction; with `secret`,
    it carries the kind's private link (the survey's own for its invitation)."""
    from upheld.notify import outbox

    link, _placeholder = private_link(kind)
    return outbox.queue(complaint, kind, context=context, secret=secret, link=link)


def content(msg) -> tuple[str, str, list[tuple[str, bytes, str]]] | None:
    letter_pk = (msg.context or {}).get("letter")
    if letter_pk:
        return _of_letter(msg, letter_pk)
    if msg.complaint_id and msg.recipient_user_id is None and msg.kind in E_MAILED:
        return _from_template(msg)
    return None


def _of_letter(msg, letter_pk) -> tuple[str, str, list[tuple[str, bytes, str]]]:
    letter = Letter.objects.select_related("complaint").get(pk=letter_pk)
    body = letter.body
    files = [
        (f"{letter.complaint.reference}-{letter.kind}.pdf", bytes(letter.pdf), "application/pdf")
    ]
    for enclosure in letter.enclosures:
        with default_storage.open(enclosure["path"], "rb") as fh:
            files.append((enclosure["filename"], fh.read(), "application/pdf"))
    return letter.subject, body, files


def _from_template(msg) -> tuple[str, str, list]:
    """The message's text from its template (a retry sends the text written the first
    time). The private link is written with notify's placeholder, which only the e-mail
    sent replaces with the secret."""
    context = dict(msg.context or {})
    if msg.body and context.get("template"):
        return msg.subject, msg.body, []
    complaint = msg.complaint
    template = text.current(msg.kind, complaint.regime, msg.language)
    extra = {k: v for k, v in context.items() if k not in ("link", "template")}
    if msg.pending_secret:
        fact, url = facts.link_fact(msg.kind)
        extra[fact] = url
    known = facts.gather(complaint, template.language, extra)
    msg.context = {**context, "template": template.pk}  # kept with the text (delivery.send)
    subject = text.fill(template.subject, known).strip()[:300]
    return subject, text.fill(template.body, known), []


def keep_delivered(sender, message, **kwargs) -> None:
    """A delivered message written from a template is kept as a letter (capability 29)
    and recorded in the trail with its template version (record_letter)."""
    context = message.context or {}
    if not context.get("template") or context.get("letter") or message.complaint_id is None:
        return
    if Letter.objects.filter(message=message).exists():
        return
    template = Template.objects.get(pk=context["template"])
    complaint = message.complaint
    now = timezone.now()
    letter = Letter.objects.create(
        complaint=complaint,
        kind=message.kind,
        regime=complaint.regime,
        language=template.language,
        channel=Channel.EMAIL,
        template=template,
        recipient_name=complaint.complainant.name,
        recipient_address=message.to,
        context={k: v for k, v in context.items() if k not in ("template", "link")},
        subject=message.subject,
        body=message.body,
        body_sha256=sha256(message.body.encode()),
        message=message,
        state=OutboxState.SENT,
        sent_at=message.sent_at or now,
        settled_at=now,
        created_at=message.created_at,
    )
    trail.record(letter)

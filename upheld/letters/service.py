"""Writing, producing, sending and posting letters (ISO 10002 7.3, 7.4, 7.8, 7.9).

- `draft` fills the current template for the complaint: what a handler previews and edits.
- `send` (alias `queue_letter`, the function other apps call) writes the letter in the
  caller's transaction with its production job; text written by hand is checked at once
  (checks.py), a template's text when the worker fills it.
- The worker `produce`s it (the letters outbox): fills the text if needed, checks it, makes
  the PDF, keeps text, PDF, template version and both SHA-256 digests; an e-mailed letter then
  leaves as a notify.Message with the PDF (and any leaflet) attached; a posted one waits in
  the post room until `mark_posted`."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from upheld.complaints.errors import InvalidInput
from upheld.core.outbox import Outbox

from . import checks, facts, pdf, text, trail
from .kinds import NEVER_HELD, Channel, Kind
from .models import Letter, LetterSettings, Template, sha256

LEAFLET_NAME = "financial-ombudsman-service-leaflet.pdf"


@dataclass
class Draft:
    kind: str
    language: str
    channel: str
    template: Template
    subject: str
    body: str
    recipient_name: str
    recipient_address: str
    facts: dict = field(repr=False, default_factory=dict)

    def missing(self) -> list:
        return checks.missing(
            kind=self.kind,
            regime=self.facts.get("regime", "iso"),
            language=self.language,
            text=self.body,
            facts=self.facts,
            leaflet=bool(LetterSettings.current().fos_leaflet),
        )


def language_of(complaint) -> str:
    return (complaint.complainant.preferred_language or "en")[:2]


def channel_for(complaint, wanted: str = "") -> str:
    """E-mail when there is an address (or it was asked for), else post when there is a
    postal address. Refused, naming the field, when neither exists."""
    person = complaint.complainant
    if wanted == Channel.POST or (not person.email and wanted != Channel.EMAIL):
        if person.postal_address.strip():
            return Channel.POST
        raise InvalidInput({"channel": _("The complainant has no postal address.")})
    if not person.email:
        raise InvalidInput({"channel": _("The complainant has no e-mail address.")})
    return Channel.EMAIL


def _recipient(complaint, channel: str) -> tuple[str, str]:
    person = complaint.complainant
    address = person.email if channel == Channel.EMAIL else person.postal_address.strip()
    return person.name, address


def draft(
    complaint, kind: str, *, context: dict | None = None, channel: str = "", language: str = ""
) -> Draft:
    """ISO 10002 7.8: the letter as the current template writes it, for a preview."""
    if kind not in Kind.values:
        raise InvalidInput({"kind": _("Choose a kind of letter.")})
    language = language or language_of(complaint)
    channel = channel_for(complaint, channel)
    template = text.current(kind, complaint.regime, language)
    known = facts.gather(complaint, template.language, context)
    name, address = _recipient(complaint, channel)
    return Draft(
        kind=kind,
        language=template.language,
        channel=channel,
        template=template,
        subject=text.fill(template.subject, known).strip(),
        body=text.fill(template.body, known),
        recipient_name=name,
        recipient_address=address,
        facts=known,
    )


def send(
    complaint,
    kind: str,
    *,
    by=None,
    context: dict | None = None,
    channel: str = "",
    subject: str = "",
    body: str = "",
    secret: str = "",
    now: bool = False,
) -> Letter:
    """Queue a letter to the complainant, in the caller's transaction. With `body` (a
    handler's edited text) the text is checked now and sent exactly as given; with `now`
    the current template is filled and checked now (a move refuses a letter that lacks
    what the regulator requires before it changes anything); otherwise the worker fills
    the current template when it produces the letter. `context` holds JSON values the
    template reads (a question, a reason, `expected_by` as ISO date, a survey link);
    `secret` is the private link's secret a posted letter prints (by e-mail a private link
    goes in a message: mail.queue)."""
    if kind not in Kind.values:
        raise InvalidInput({"kind": _("Choose a kind of letter.")})
    channel = channel_for(complaint, channel)
    if secret and channel != Channel.POST:
        raise ValueError("A private link is e-mailed as a message (letters.mail.queue).")
    language = language_of(complaint)
    template = None
    edited = bool(body.strip())
    if edited or now:
        preview = draft(
            complaint, kind, context=_with_link(kind, context, channel, secret), channel=channel
        )
        template, language = preview.template, preview.language
        if not edited:
            subject, body = preview.subject, preview.body
        checks.require(
            kind=kind,
            regime=complaint.regime,
            language=language,
            text=body,
            facts=preview.facts,
            leaflet=bool(LetterSettings.current().fos_leaflet),
        )
        subject = subject.strip() or preview.subject
    name, address = _recipient(complaint, channel)
    letter = Letter(
        complaint=complaint,
        kind=kind,
        regime=complaint.regime,
        language=language,
        channel=channel,
        template=template,
        recipient_name=name,
        recipient_address=address,
        context=dict(context or {}),
        subject=subject[:300] if body.strip() else "",
        body=body.replace("\r\n", "\n") if body.strip() else "",
        edited=edited,
        pending_secret=secret,
        created_by=by if getattr(by, "pk", None) else None,
    )
    return OUTBOX.add(letter)


queue_letter = send


def _with_link(kind: str, context: dict | None, channel: str, secret: str) -> dict:
    """On paper a private link is printed (printable()): the template reads it — the
    tracking page's, or the survey's for its letters — with a placeholder for the secret;
    by e-mail the link is in the message."""
    context = dict(context or {})
    if secret and channel == Channel.POST:
        fact, url = facts.link_fact(kind)
        context.setdefault(fact, url)
    return context


def _pdf_for(letter: Letter, known: dict, *, secret: str = "", fmt: str = "pdf") -> bytes:
    org = known["organisation"]
    recipient = [letter.recipient_name] if letter.recipient_name else []
    if letter.channel == Channel.POST:
        recipient += [ln.strip() for ln in letter.recipient_address.splitlines() if ln.strip()]
    else:
        recipient.append(letter.recipient_address)
    body = letter.body
    if secret:
        # The placeholder stands for the secret in any private link the letter prints: the
        # tracking page's, or the satisfaction survey's (survey/invitations.py).
        body = body.replace(facts.TRACKING_PLACEHOLDER, secret)
    settings_row = LetterSettings.current()
    data = pdf.layout(
        language=letter.language,
        org=org,
        reference=letter.complaint.reference,
        recipient=recipient,
        date=known["today"],
        subject=letter.subject,
        blocks=text.blocks(body),
        signatory=known["signatory"],
        enclosures=[e["title"] for e in letter.enclosures],
    )
    logo = settings_row.logo.path if settings_row.logo else ""
    return pdf.render(data, logo_path=logo, fmt=fmt)


def produce(letter: Letter) -> dict:
    """The outbox's work for a letter (run by the worker): text, checks, PDF, digests. A
    template's letter that fails the checks fails visibly (the complaint's trail says so)."""
    letter.complaint.refresh_from_db()
    complaint = letter.complaint
    context = _with_link(letter.kind, letter.context, letter.channel, letter.pending_secret)
    if not letter.body:
        template = text.current(letter.kind, letter.regime, letter.language)
        known = facts.gather(complaint, template.language, context)
        letter.template, letter.language = template, template.language
        letter.subject = text.fill(template.subject, known).strip()[:300]
        letter.body = text.fill(template.body, known)
    else:
        known = facts.gather(complaint, letter.language, context)
    settings_row = LetterSettings.current()
    leaflet = bool(settings_row.fos_leaflet)
    if letter.edited or letter.kind not in NEVER_HELD:
        checks.require(
            kind=letter.kind,
            regime=letter.regime,
            language=letter.language,
            text=letter.body,
            facts=known,
            leaflet=leaflet,
        )
    enclosures = []
    if (
        leaflet
        and letter.regime in ("fca", "fca_psd")
        and letter.kind
        in (
            Kind.DECISION,
            Kind.REVIEW_OUTCOME,
            Kind.SUMMARY_RESOLUTION,
        )
    ):
        data = settings_row.fos_leaflet.read()
        settings_row.fos_leaflet.close()
        enclosures.append(
            {
                "title": _leaflet_title(letter.language),
                "filename": LEAFLET_NAME,
                "path": settings_row.fos_leaflet.name,
                "sha256": sha256(data),
            }
        )
    letter.enclosures = enclosures
    letter.pdf = _pdf_for(letter, known)
    return {
        "template": letter.template,
        "language": letter.language,
        "subject": letter.subject,
        "body": letter.body,
        "enclosures": enclosures,
        "pdf": letter.pdf,
        "pdf_sha256": sha256(bytes(letter.pdf)),
        "body_sha256": sha256(letter.body.encode()),
    }


def _leaflet_title(language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _("Financial Ombudsman Service leaflet")


def _produced(letter: Letter) -> None:
    """Once produced: an e-mailed letter goes out through notify's outbox, and the trail
    says it was sent (a posted one says so when it is marked posted)."""
    if letter.channel != Channel.EMAIL:
        return
    from upheld.notify import outbox as notify_outbox

    context: dict = {"letter": letter.pk}
    if "decision_id" in letter.context:  # the portal shows a decision with its letter
        context["decision"] = letter.context["decision_id"]
    with transaction.atomic():
        message = notify_outbox.queue(
            letter.complaint,
            "decision" if "decision" in context else letter.kind,
            context=context,
            to=letter.recipient_address,
        )
        Letter.objects.filter(pk=letter.pk).update(message=message)
        trail.record(letter)


OUTBOX = Outbox(
    Letter,
    produce,
    queue_name="default",
    on_sent=_produced,
    select_related=("complaint", "complaint__complainant"),
)


def printable(letter: Letter) -> bytes:
    """The copy to print: the kept PDF, or — when the letter carries the tracking link —
    the same letter with the secret in place of the placeholder (the secret is never kept)."""
    if not letter.pending_secret:
        return bytes(letter.pdf)
    known = facts.gather(letter.complaint, letter.language, dict(letter.context))
    return _pdf_for(letter, known, secret=letter.pending_secret)


def image(letter: Letter) -> bytes:
    """The kept letter's first page as PNG (Typst renders the same source), for the docs."""
    known = facts.gather(letter.complaint, letter.language, dict(letter.context))
    return _pdf_for(letter, known, fmt="png")


def mark_posted(letter: Letter, *, by, posted_on: date | None = None) -> Letter:
    """The post room: the letter was printed and posted on `posted_on` (today by default)."""
    posted_on = posted_on or timezone.localdate()
    if letter.channel != Channel.POST:
        raise InvalidInput({"letter": _("Only a letter sent by post is marked posted.")})
    if not letter.produced:
        raise InvalidInput({"letter": _("The letter is not produced yet.")})
    if posted_on > timezone.localdate():
        raise InvalidInput({"posted_on": _("The date is in the future.")})
    with transaction.atomic():
        row = Letter.objects.select_for_update().get(pk=letter.pk)
        if row.posted_on is not None:
            raise InvalidInput({"letter": _("The letter was already marked posted.")})
        row.posted_on, row.posted_by, row.pending_secret = posted_on, by, ""
        row.save(update_fields=["posted_on", "posted_by", "pending_secret"])
        trail.record(row)
    return row


sweep = OUTBOX.sweep

"""Read one e-mail (RFC 5322 / MIME) into what a complaint needs (ISO 10002 7.2).

`read(raw)` returns an IncomingMail or raises Unusable with a reason a person can act on.
Unusable: no sender we could answer, an automatic reply or delivery report (RFC 3834,
RFC 3464: answering those starts mail loops), a message sent by Upheld itself, or one with
neither text nor files. The text part is preferred; an HTML-only message is turned into
text; every other part is kept as a file."""

import hashlib
import os
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from mimetypes import guess_extension

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from upheld.complaints.files import IncomingFile
from upheld.notify.outbox import tracking_path

from .html_text import html_to_text

BOUNCE_SENDERS = {"mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon"}
AUTO_PRECEDENCE = {"bulk", "junk", "auto_reply"}
MSGID = re.compile(r"<[^<>\s]+>")
# Signatures are proof of the sender, not content the complainant sent us.
SIGNATURES = {
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
}


class Unusable(Exception):
    """This message cannot become a complaint or correspondence; `reason` says why."""

    def __init__(self, reason: str, *, sender: str = "", subject: str = "", message_id: str = ""):
        super().__init__(reason)
        self.reason, self.sender, self.subject, self.message_id = (
            reason,
            sender,
            subject,
            message_id,
        )


@dataclass
class IncomingMail:
    key: str  # the Message-ID, or a hash of the bytes when there is none
    message_id: str
    sender_name: str
    sender_email: str
    language: str
    subject: str
    body: str
    attachments: list[IncomingFile] = field(default_factory=list)
    replies_to: list[str] = field(default_factory=list)  # In-Reply-To and References ids

    @property
    def description(self) -> str:
        return f"{self.subject}\n\n{self.body}".strip() if self.subject else self.body


def message_key(raw: bytes, message_id: str) -> str:
    """What a message is known by: its Message-ID, or (none, or absurdly long) its hash."""
    if message_id and len(message_id) <= 255:
        return message_id
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def clean(text: str) -> str:
    """PostgreSQL refuses NUL in text; other control characters are noise in a record."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text or "")


def header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 — a malformed header reads as absent
        return ""
    return clean(" ".join(str(value).split())) if value is not None else ""


def first_message_id(msg: EmailMessage) -> str:
    found = MSGID.findall(header(msg, "Message-ID"))
    return found[0] if found else ""


def read(raw: bytes, *, automatic_ok: bool = False) -> IncomingMail:
    """`automatic_ok`: a person has looked at it and says it is to be taken anyway."""
    msg = message_from_bytes(raw, policy=policy.default)
    message_id = first_message_id(msg)
    subject = header(msg, "Subject")[:300]
    name, address = _sender(msg)
    shown = f"{name} <{address}>" if name else address

    def unusable(reason: str) -> Unusable:
        return Unusable(reason, sender=shown, subject=subject, message_id=message_id)

    if not automatic_ok and (why := automatic(msg, address)):
        raise unusable(why)
    if not address:
        raise unusable(
            "No usable sender: the From header is missing or holds no address, "
            "so no complaint could be answered."
        )
    try:
        validate_email(address)
    except ValidationError:
        raise unusable(
            f"No usable sender: {address!r} in From is not a valid e-mail address."
        ) from None
    body, files = _content(msg)
    if not body.strip() and not files and not subject:
        raise unusable("Empty message: no subject, no text and no attachment.")
    replies_to = MSGID.findall(header(msg, "In-Reply-To") + " " + header(msg, "References"))
    return IncomingMail(
        key=message_key(raw, message_id),
        message_id=message_id,
        sender_name=name[:200],
        sender_email=address,
        language=_language(msg),
        subject=subject,
        body=body,
        attachments=files,
        replies_to=replies_to,
    )


def _sender(msg: EmailMessage) -> tuple[str, str]:
    try:
        addresses = msg["From"].addresses if msg["From"] is not None else ()
    except Exception:  # noqa: BLE001 — an unparseable From is a missing From
        addresses = ()
    for a in addresses:
        if a.addr_spec and "@" in a.addr_spec:
            return clean(a.display_name).strip(), clean(a.addr_spec).strip().lower()
    return "", ""


def automatic(msg: EmailMessage, address: str) -> str:
    """Why this message was sent by a machine (RFC 3834 / 3464), or "" if by a person."""
    local = address.partition("@")[0]
    if (
        msg.get_content_type() == "multipart/report"
        or local in BOUNCE_SENDERS
        or header(msg, "Return-Path") == "<>"
        or header(msg, "X-Failed-Recipients")
    ):
        return (
            f"Delivery failure report (bounce) from {address or 'the mail system'}; "
            "not a complaint. Check whether a message to a complainant was lost."
        )
    auto = header(msg, "Auto-Submitted").split(";")[0].strip().lower()
    if auto and auto != "no":
        return (
            f"Automatic message (Auto-Submitted: {auto}); not answered, so no mail "
            "loop starts. Read it in case it concerns a complaint."
        )
    if header(msg, "X-Autoreply") or header(msg, "X-Autorespond"):
        return "Automatic reply (X-Autoreply); not answered, so no mail loop starts."
    if header(msg, "Precedence").lower() in AUTO_PRECEDENCE:
        return (
            f"Bulk or automatic message (Precedence: {header(msg, 'Precedence')}); not a complaint."
        )
    ours = {settings.DEFAULT_FROM_EMAIL.lower(), (settings.UPHELD_IMAP_USER or "").lower()}
    if address and address in ours:
        return f"Sent by Upheld's own address ({address}); taking it would start a mail loop."
    return ""


def _language(msg: EmailMessage) -> str:
    known = {code for code, _ in settings.LANGUAGES}
    for part in (msg, msg.get_body(("plain", "html")) or msg):
        for tag in re.split(r"[,\s]+", header(part, "Content-Language")):
            primary = tag.split("-")[0].split("_")[0].lower()
            if primary in known:
                return primary
    return ""


def _content(msg: EmailMessage) -> tuple[str, list[IncomingFile]]:
    body_part = msg.get_body(("plain", "html"))
    texts = [_text(body_part)] if body_part is not None else []
    files: list[IncomingFile] = []
    _collect(msg, body_part, texts, files, in_alternative=False)
    body = "\n\n".join(t for t in texts if t.strip())
    return redact_tracking_links(body.strip()), files


def redact_tracking_links(text: str) -> str:
    """A reply often quotes our acknowledgement, whose tracking link holds the
    complainant's secret; staff must not be able to read it from the record."""
    marker = "secret0"  # the track URL's prefix is what comes before the secret
    prefix = re.escape(tracking_path(marker).removesuffix(marker))
    site = re.escape(settings.SITE_URL.split("://", 1)[-1])
    return re.sub(rf"(https?://{site}{prefix})[\w-]+", r"\1[removed]", text)


def _collect(part, body_part, texts: list, files: list, in_alternative: bool) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        content = inner.as_bytes() if inner is not None else b""
        files.append(IncomingFile(_filename(part, len(files) + 1, ".eml"), content, ctype))
        return
    if part.is_multipart():
        alternative = part.get_content_subtype() == "alternative"
        for sub in part.iter_parts():
            _collect(sub, body_part, texts, files, alternative)
        return
    if part is body_part or ctype in SIGNATURES:
        return
    attached = part.get_filename() or part.get_content_disposition() == "attachment"
    if ctype in ("text/plain", "text/html") and not attached:
        if not in_alternative:  # another rendering of the body is not more text
            texts.append(_text(part))
        return
    content = part.get_payload(decode=True) or b""
    files.append(IncomingFile(_filename(part, len(files) + 1), content, ctype))


def _text(part) -> str:
    try:
        text = part.get_content()
    except Exception:  # noqa: BLE001 — unknown charset or bad encoding: keep what we can
        text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    if not isinstance(text, str):
        text = bytes(text).decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        text = html_to_text(text)
    return clean(text.replace("\r\n", "\n")).strip()


def _filename(part, n: int, default_ext: str = "") -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001
        name = ""
    name = clean(os.path.basename(name.replace("\\", "/"))).strip().lstrip(".")
    if not name:
        ext = default_ext or guess_extension(part.get_content_type()) or ".bin"
        name = f"attachment-{n}{ext}"
    return name[-200:]

"""Realistic e-mails, built with the email package the way mail clients build them."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
    b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _message(sender: str, subject: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "complaints@upheld.example"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = make_msgid(domain="mail.example.org")
    return msg


def _with(msg: EmailMessage, headers: dict) -> EmailMessage:
    """Add headers after the content (set_content replaces every Content-* header)."""
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    return msg


def plain(
    sender="María García <maria@example.org>",
    subject="Contador mal instalado",
    text="El técnico instaló el contador en la casa equivocada.\nNo me cobren.",
    **headers,
) -> EmailMessage:
    msg = _message(sender, subject)
    msg.set_content(text)
    return _with(msg, headers)


def html_only(sender="Grace Hopper <grace@example.org>") -> EmailMessage:
    msg = _message(sender, "Broken boiler")
    msg.set_content(
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head>"
        "<body><p>The engineer left the boiler <b>broken</b> &amp; leaking.</p>"
        "<p>Photos: <a href='https://photos.example.org/1'>here</a></p></body></html>",
        subtype="html",
    )
    return msg


def with_pdf(sender="Alan Turing <alan@example.org>") -> EmailMessage:
    msg = _message(sender, "Overcharged on invoice 4471")
    msg.set_content("The attached invoice charges me twice for March.")
    msg.add_alternative("<p>The attached invoice charges me twice for March.</p>", subtype="html")
    msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="invoice 4471.pdf")
    return msg


def with_program(sender="Alan Turing <alan@example.org>") -> EmailMessage:
    """A PDF and a Windows program that calls itself a PDF."""
    msg = with_pdf(sender)
    msg.add_attachment(
        b"MZ\x90\x00 not really a pdf",
        maintype="application",
        subtype="pdf",
        filename="statement.pdf",
    )
    return msg


def only_attachment(
    content: bytes, filename: str, sender="Alan Turing <alan@example.org>"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"] = sender, "complaints@upheld.example"
    msg["Message-ID"] = make_msgid(domain="mail.example.org")
    msg.add_attachment(content, maintype="application", subtype="pdf", filename=filename)
    return msg


def reply(reference: str, sender="ada@example.org", **headers) -> EmailMessage:
    msg = _message(sender, f"Re: We have received your complaint {reference}")
    msg.set_content("Here is the receipt you asked for.\n\n> We have received ...")
    msg.add_attachment(b"receipt 123", maintype="text", subtype="plain", filename="receipt.txt")
    return _with(msg, headers)


def auto_reply(sender="maria@example.org") -> EmailMessage:
    msg = _message(sender, "Out of office: We have received your complaint")
    msg.set_content("I am away until Monday.")
    return _with(msg, {"Auto-Submitted": "auto-replied"})


def bounce() -> EmailMessage:
    msg = _message(
        "Mail Delivery System <MAILER-DAEMON@mx.example.org>", "Undelivered Mail Returned to Sender"
    )
    msg.set_content("This is the mail system. Your message could not be delivered.")
    return msg


# Not an e-mail at all: binary noise, no header, no sender.
GARBAGE = b"\x00\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR garbage \xc3\x28 \xa0\xa1\r\n"

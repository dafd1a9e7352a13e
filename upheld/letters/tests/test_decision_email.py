"""ISO 10002 7.8, capability 29: the decision e-mail, as a real mail server (aiosmtpd on
loopback) receives it, says what the kept letter says and carries its PDF — the very bytes
kept, whose SHA-256 the trail records — and, for the FCA, the ombudsman's leaflet."""

import hashlib

from upheld.complaints import lifecycle
from upheld.complaints.events import data_of
from upheld.complaints.models import EventKind

from .conftest import REASONS, flat, pdf_text


def test_the_decision_email_received_carries_the_kept_letter_and_its_pdf(
    decided, handler, run_worker, smtp_server
):
    c = lifecycle.choose_regime(decided(), by=handler, regime="fca", reason="A bank account.")
    c = lifecycle.communicate_decision(c, by=handler, message="Call us with any question.")
    run_worker()  # produces the letter, then sends the e-mail
    letter = c.letters.get(kind="decision")
    [mail] = [m for m in smtp_server.to("ada@example.org") if m["Subject"] == letter.subject]
    assert c.reference in mail["Subject"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert flat(letter.body) in flat(body)
    attached = {a.get_filename(): a.get_content() for a in mail.iter_attachments()}
    pdf = attached[f"{c.reference}-decision.pdf"]
    assert hashlib.sha256(pdf).hexdigest() == letter.pdf_sha256
    text = flat(pdf_text(pdf))
    for said in (c.reference, REASONS, "£1,234.50", "Call us with any question.", "six months"):
        assert said in text, said
    assert attached["financial-ombudsman-service-leaflet.pdf"] == b"%PDF-1.4 leaflet"
    letters_sent = [data_of(e) for e in c.events.filter(kind=EventKind.LETTER_SENT)]
    # The acknowledgement e-mail is a letter too, written from its template.
    assert [d["kind"] for d in letters_sent] == ["acknowledgement", "decision"]
    sent = c.events.filter(kind=EventKind.LETTER_SENT).order_by("pk").last()
    assert data_of(sent)["pdf_sha256"] == letter.pdf_sha256
    assert (data_of(sent)["kind"], data_of(sent)["channel"]) == ("decision", "email")

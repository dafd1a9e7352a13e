"""How an e-mail is read (RFC 5322, MIME, RFC 3501 names), without a server."""

from email.message import EmailMessage

import pytest

from upheld.intake.mail.imap import quoted, utf7
from upheld.intake.mail.imap_url import parse_imap_url
from upheld.intake.mail.parse import Unusable, read

from . import messages


def test_an_imap_address_gives_every_setting():
    assert parse_imap_url("imaps://complaints%40org.example:p%40ss@imap.org.example/Quejas") == {
        "HOST": "imap.org.example",
        "PORT": 993,
        "TLS": "ssl",
        "USER": "complaints@org.example",
        "PASSWORD": "p@ss",
        "FOLDER": "Quejas",
    }
    assert parse_imap_url("imap+starttls://u:p@mail:1143")["TLS"] == "starttls"
    assert parse_imap_url("imap://u:p@localhost") == {
        "HOST": "localhost",
        "PORT": 143,
        "TLS": "none",
        "USER": "u",
        "PASSWORD": "p",
    }
    with pytest.raises(ValueError, match="must start with"):
        parse_imap_url("https://u:p@mail/")


def test_folder_names_are_sent_in_modified_utf7_and_quoted():
    assert utf7("Quejas/Procesadas ñ") == "Quejas/Procesadas &APE-"
    assert utf7("R&D") == "R&-D"
    assert utf7("日本") == "&ZeVnLA-"
    assert quoted('a "b" \\c') == '"a \\"b\\" \\\\c"'


def test_the_tracking_secret_quoted_from_our_acknowledgement_is_not_kept(settings):
    settings.SITE_URL = "https://complaints.example.org"
    mail = read(
        messages.plain(
            text="Thanks.\n> Follow it at https://complaints.example.org/track/s3cr3t-T0ken_x"
        ).as_bytes()
    )
    assert mail.body == "Thanks.\n> Follow it at https://complaints.example.org/track/[removed]"


def test_a_signature_is_not_an_attachment_and_a_file_name_cannot_name_a_path():
    msg = messages.plain()
    msg.add_attachment(
        b"sig", maintype="application", subtype="pkcs7-signature", filename="smime.p7s"
    )
    msg.add_attachment(
        messages.PDF, maintype="application", subtype="pdf", filename="..\\..\\etc\\passwd.pdf"
    )
    assert [f.filename for f in read(msg.as_bytes()).attachments] == ["passwd.pdf"]


def test_a_message_without_message_id_is_known_by_the_hash_of_its_bytes():
    msg = messages.plain()
    del msg["Message-ID"]
    raw = msg.as_bytes()
    assert read(raw).key == read(raw).key
    assert read(raw).key.startswith("sha256:") and read(raw).message_id == ""


def test_an_unknown_charset_and_nul_bytes_still_give_text():
    raw = (
        b"From: Ada <ada@example.org>\r\nSubject: Hi\x00\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=x-unknown-klingon\r\n\r\nQapla\x00'\xe9\r\n"
    )
    mail = read(raw)
    assert mail.subject == "Hi" and mail.body == "Qapla'\ufffd"


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"Auto-Submitted": "auto-generated"}, "Auto-Submitted: auto-generated"),
        ({"Precedence": "bulk"}, "Precedence: bulk"),
        ({"X-Autoreply": "yes"}, "X-Autoreply"),
        ({"Content-Type": "multipart/report; report-type=delivery-status"}, "bounce"),
    ],
)
def test_machine_sent_mail_is_recognised(headers, why):
    msg = EmailMessage()
    msg["From"] = "someone@example.org"
    for name, value in headers.items():
        msg[name] = value
    with pytest.raises(Unusable, match=why):
        read(msg.as_bytes())


def test_auto_submitted_no_is_a_person_writing():
    msg = messages.plain()
    msg["Auto-Submitted"] = "no"
    assert read(msg.as_bytes()).sender_email == "maria@example.org"

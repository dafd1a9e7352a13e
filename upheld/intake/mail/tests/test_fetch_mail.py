"""ISO 10002 7.2 / 7.3 e-mail in, against a real IMAP server (dovecot) and a real SMTP
server (aiosmtpd): each new message becomes a complaint from its sender and is
acknowledged; a reply quoting a reference joins that complaint's correspondence; every
message is taken exactly once; what cannot be taken is kept aside with its reason."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from upheld.complaints.events import data_of
from upheld.complaints.models import Attachment, Complaint, Correspondence
from upheld.intake.mail.fetch import fetch_mail
from upheld.intake.mail.imap import Mailbox
from upheld.intake.mail.models import Outcome, ProcessedMail, QuarantinedMail
from upheld.notify.models import Message

from . import messages
from .conftest import unavailable

pytestmark = pytest.mark.django_db


def fetch_mail_command() -> str:
    out = StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue()


def test_a_new_email_becomes_a_complaint_from_its_sender_and_is_acknowledged(
    mailbox, smtp_server, run_worker
):
    arrived = timezone.now().replace(microsecond=0) - timedelta(minutes=7)
    mailbox.deliver(messages.plain(Content_Language="es-ES"), when=arrived)

    output = fetch_mail_command()

    complaint = Complaint.objects.get()
    assert complaint.reference in output
    assert complaint.channel == "email"
    assert complaint.complainant.name == "María García"
    assert complaint.complainant.email == "maria@example.org"
    assert complaint.complainant.preferred_language == "es"
    assert complaint.description == (
        "Contador mal instalado\n\nEl técnico instaló el "
        "contador en la casa equivocada.\nNo me cobren."
    )
    assert complaint.received_at == arrived, "received when it reached the mailbox"
    received = complaint.events.get(kind="received")
    assert data_of(received)["channel"] == "email"
    assert received.actor_label == "e-mail intake"

    run_worker()
    [acknowledgement] = smtp_server.to("maria@example.org")
    assert complaint.reference in acknowledgement["Subject"]
    assert acknowledgement["Auto-Submitted"] == "auto-generated"
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 1, "Upheld/Quarantine": 0}
    taken = ProcessedMail.objects.get()
    assert (taken.complaint, taken.outcome) == (complaint, Outcome.COMPLAINT)


def test_an_html_only_email_is_kept_as_its_text_without_markup_or_scripts(mailbox):
    mailbox.deliver(messages.html_only())
    fetch_mail_command()

    description = Complaint.objects.get().description
    assert description == (
        "Broken boiler\n\nThe engineer left the boiler broken & leaking."
        "\n\nPhotos: here <https://photos.example.org/1>"
    )


def test_attachments_are_kept_with_their_sha256_and_named_in_the_trail(mailbox):
    mailbox.deliver(messages.with_pdf())
    fetch_mail_command()

    complaint = Complaint.objects.get()
    assert complaint.description.endswith("charges me twice for March."), "text part preferred"
    [pdf] = complaint.attachments.all()
    assert (pdf.filename, pdf.content_type) == ("invoice 4471.pdf", "application/pdf")
    assert pdf.sha256 == hashlib.sha256(messages.PDF).hexdigest()
    assert pdf.file.read() == messages.PDF
    [listed] = data_of(complaint.events.get(kind="received"))["attachments"]
    assert listed["sha256"] == pdf.sha256


def test_a_file_of_a_type_not_allowed_is_not_stored_and_the_record_says_so(mailbox):
    mailbox.deliver(messages.with_program())
    fetch_mail_command()

    complaint = Complaint.objects.get()
    assert [a.filename for a in complaint.attachments.all()] == ["invoice 4471.pdf"]
    assert "“statement.pdf” is a type of file we cannot accept (EXE)" in complaint.description
    assert "the original e-mail keeps them in the mailbox folder Upheld/Processed" in (
        complaint.description
    )
    assert mailbox.counts()["Upheld/Processed"] == 1


def test_an_email_with_only_a_file_is_still_a_complaint(mailbox):
    msg = messages.only_attachment(messages.PDF, "claim.pdf")
    mailbox.deliver(msg)
    fetch_mail_command()

    complaint = Complaint.objects.get()
    assert complaint.description == "[Upheld: the e-mail had no text, only 1 attached file(s).]"
    assert complaint.attachments.get().filename == "claim.pdf"


def test_a_reply_quoting_a_reference_joins_that_complaints_correspondence(mailbox, make_complaint):
    complaint = make_complaint()
    reply = messages.reply(complaint.reference, sender="Ada Lovelace <ada@example.org>")
    mailbox.deliver(reply)

    output = fetch_mail_command()

    assert Complaint.objects.count() == 1, "no new complaint"
    assert f"correspondence added to {complaint.reference}" in output
    item = Correspondence.objects.get(complaint=complaint)
    assert (item.direction, item.channel) == ("in", "email")
    assert item.external_id == reply["Message-ID"]
    assert item.sender == "Ada Lovelace <ada@example.org>"
    assert item.body.startswith("Here is the receipt you asked for.")
    [receipt] = item.attachments.all()
    assert receipt.complaint == complaint and receipt.filename == "receipt.txt"
    event = complaint.events.get(kind="correspondence_in")
    assert data_of(event)["attachments"][0]["sha256"] == hashlib.sha256(b"receipt 123").hexdigest()
    assert event.public and data_of(event)["from_party"]  # the complainant sees their message
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 1, "Upheld/Quarantine": 0}


def test_a_stranger_quoting_a_reference_is_kept_but_internal(mailbox, make_complaint):
    """References are easy to guess (4.7): a message from someone who is neither the
    complainant nor their representative is kept for staff, never shown as theirs."""
    complaint = make_complaint()
    mailbox.deliver(messages.reply(complaint.reference, sender="Mallory <mallory@example.net>"))

    fetch_mail_command()

    event = complaint.events.get(kind="correspondence_in")
    assert not event.public and data_of(event)["from_party"] is False
    assert complaint.correspondence.get().sender == "Mallory <mallory@example.net>"


def test_a_reply_to_our_acknowledgement_is_correspondence_even_without_the_reference(
    mailbox, make_complaint
):
    complaint = make_complaint()
    ours = Message.objects.get(complaint=complaint, kind="acknowledgement")
    answer = messages.plain(
        sender="ada@example.org",
        subject="Re: your e-mail",
        text="One more thing.",
        In_Reply_To=ours.message_id,
    )
    follow_up = messages.plain(
        sender="someone@example.org",
        subject="Unknown CMP-1999-000042",
        text="A reference that does not exist is a new complaint.",
    )
    mailbox.deliver(answer)
    mailbox.deliver(follow_up)

    fetch_mail_command()

    assert complaint.correspondence.get().body == "One more thing."
    assert Complaint.objects.exclude(pk=complaint.pk).get().complainant.email == (
        "someone@example.org"
    )


def test_no_message_is_taken_twice_not_even_after_a_crash_before_it_was_moved(mailbox):
    first, second = messages.plain(), messages.with_pdf()
    mailbox.deliver(first)
    mailbox.deliver(second)
    fetch_mail_command()
    assert Complaint.objects.count() == 2

    assert "0 new complaint(s)" in fetch_mail_command()
    # The crash: the complaint was committed but the message never left the inbox.
    mailbox.deliver(first)
    output = fetch_mail_command()

    assert "0 new complaint(s)" in output and "1 already taken" in output
    assert Complaint.objects.count() == 2
    assert ProcessedMail.objects.count() == 2
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 3, "Upheld/Quarantine": 0}


def test_unusable_messages_are_kept_aside_with_a_reason_and_the_rest_are_taken(
    mailbox, smtp_server, run_worker, settings
):
    our_own = messages.plain(sender=settings.DEFAULT_FROM_EMAIL, subject="Acknowledgement")
    for message in (
        messages.GARBAGE,
        messages.auto_reply(sender="away@example.org"),
        messages.bounce(),
        messages.plain(),
        our_own,
    ):
        mailbox.deliver(message)

    output = fetch_mail_command()

    assert Complaint.objects.get().complainant.email == "maria@example.org"
    reasons = dict(QuarantinedMail.objects.values_list("uid", "reason"))
    assert len(reasons) == 4 and output.count("quarantined UID") == 4
    assert reasons[1].startswith("No usable sender")
    assert "Auto-Submitted: auto-replied" in reasons[2]
    assert "bounce" in reasons[3]
    assert "Upheld's own address" in reasons[5]
    garbage = QuarantinedMail.objects.get(uid=1)
    assert bytes(garbage.raw) and garbage.size == len(bytes(garbage.raw))
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 1, "Upheld/Quarantine": 4}
    run_worker()
    assert [m["To"] for m in smtp_server.messages] == ["maria@example.org"], "no loop"
    fetch_mail_command()
    assert QuarantinedMail.objects.count() == 4


def test_a_message_that_fails_to_be_stored_stays_for_the_next_run_and_the_rest_go_on(
    mailbox, settings, tmp_path
):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the attachment store should be")
    settings.MEDIA_ROOT = blocked  # storing an attachment now fails (NotADirectoryError)
    mailbox.deliver(messages.with_pdf())
    mailbox.deliver(messages.plain())

    output = fetch_mail_command()

    assert "1 new complaint(s)" in output and "1 left for the next run" in output
    assert Complaint.objects.get().complainant.email == "maria@example.org"
    assert Attachment.objects.count() == 0 and ProcessedMail.objects.count() == 1
    assert mailbox.counts() == {"INBOX": 1, "Upheld/Processed": 1, "Upheld/Quarantine": 0}

    settings.MEDIA_ROOT = tmp_path / "media"
    assert "1 new complaint(s)" in fetch_mail_command()
    assert Attachment.objects.get().filename == "invoice 4471.pdf"
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 2, "Upheld/Quarantine": 0}


def test_a_message_over_the_size_limit_is_quarantined_by_its_header_alone(mailbox, settings):
    settings.UPHELD_IMAP_MAX_MESSAGE_BYTES = 2000
    mailbox.deliver(messages.plain(text="x" * 5000))
    fetch_mail_command()

    kept = QuarantinedMail.objects.get()
    assert kept.reason.startswith("Too large") and kept.truncated
    assert b"Subject: Contador mal instalado" in bytes(kept.raw)
    assert Complaint.objects.count() == 0


def test_servers_without_move_get_copy_delete_and_expunge(mailbox):
    class WithoutMove(Mailbox):
        use_move = False

    mailbox.deliver(messages.plain())
    mailbox.deliver(messages.GARBAGE)
    report = fetch_mail(mailbox_cls=WithoutMove)

    assert len(report.complaints) == 1 and len(report.quarantined) == 1
    assert mailbox.counts() == {"INBOX": 0, "Upheld/Processed": 1, "Upheld/Quarantine": 1}


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_the_mailbox_is_read_over_tls(mailbox, tls, settings):
    if mailbox.server.cert is None:
        unavailable("openssl is not installed, so the test server has no certificate")
    config = mailbox.config(tls)
    settings.UPHELD_IMAP_TLS, settings.UPHELD_IMAP_PORT = tls, config.port
    settings.UPHELD_IMAP_CA_FILE = config.ca_file
    mailbox.deliver(messages.plain())

    assert "1 new complaint(s)" in fetch_mail_command()


def test_folder_and_user_names_beyond_ascii_work(mailbox, settings):
    from .conftest import ComplaintsInbox

    inbox = ComplaintsInbox(mailbox.server, mailbox.user + "-quejas-ñ")
    settings.UPHELD_IMAP_USER = inbox.user  # LOGIN is ASCII-only: SASL PLAIN is used
    settings.UPHELD_IMAP_PROCESSED_FOLDER = "Quejas/Procesadas ✓"
    inbox.deliver(messages.plain())

    assert "1 new complaint(s)" in fetch_mail_command()
    assert inbox.count("Quejas/Procesadas ✓") == 1 and inbox.count("INBOX") == 0


def test_a_wrong_password_is_a_clear_error_and_nothing_changes(mailbox, settings):
    from django.core.management.base import CommandError

    settings.UPHELD_IMAP_PASSWORD = "wrong"  # noqa: S105
    mailbox.deliver(messages.plain())
    with pytest.raises(CommandError, match="Cannot log in to 127.0.0.1"):
        fetch_mail_command()
    assert Complaint.objects.count() == 0 and mailbox.count("INBOX") == 1


def test_the_worker_reads_the_mailbox_periodically_while_one_is_configured(mailbox, settings):
    from upheld.core import periodic

    mailbox.deliver(messages.plain())
    jobs = [job for job in periodic.enabled_jobs() if job.name == "fetch-mail"]
    assert periodic.run_once(jobs) == {
        "fetch-mail": "1 new complaint(s), 0 added as "
        "correspondence, 0 already taken, 0 quarantined, "
        "0 left for the next run"
    }
    settings.UPHELD_IMAP_HOST = ""
    assert "fetch-mail" not in [job.name for job in periodic.enabled_jobs()]


def test_email_intake_is_off_while_no_mailbox_is_configured(settings):
    settings.UPHELD_IMAP_HOST = ""
    assert "E-mail intake is off" in fetch_mail_command()
    assert Attachment.objects.count() == 0


def test_an_emailed_complaint_anonymised_leaves_no_trace_of_the_mail(
    mailbox, smtp_server, run_worker, manager
):
    """ISO 10002 4.7: erasure reaches what the mail intake and the outbox kept (the record of
    the mail taken, the acknowledgement as sent); the Message-ID stays, so it is not taken
    again."""
    from upheld.complaints import lifecycle, verification
    from upheld.complaints.tests.test_anonymise import everything_stored

    mailbox.deliver(messages.plain())
    fetch_mail_command()
    run_worker()
    complaint = Complaint.objects.get()
    assert "maria@example.org" in everything_stored()

    lifecycle.anonymise(complaint, by=manager, reason="Asked by the complainant.")

    stored = everything_stored()
    for word in ("María", "maria@example.org", "Contador mal instalado", "equivocada"):
        assert word not in stored, word
    taken = ProcessedMail.objects.get()
    assert taken.message_id and (taken.sender, taken.subject) == ("", "")
    assert all(found is None for _, found in verification.verify_all())

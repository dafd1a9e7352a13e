"""E-mail in (ISO 10002 7.2, 7.3): turn each message in the mailbox into a complaint, or
into correspondence on the complaint it answers, through the lifecycle's `receive` /
`add_correspondence` only.

Exactly once: the Message-ID is recorded (ProcessedMail) in the same transaction as the
complaint; the message is moved to the processed folder only after that commit. If the
move is lost (crash, dropped connection) the next run finds the record and just moves it.
Nothing lost: a message that cannot be taken is moved to the quarantine folder and
recorded with the reason (QuarantinedMail); a database failure leaves the message where it
is for the next run. One bad message never stops the rest of the batch."""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upheld.complaints import filetypes, lifecycle
from upheld.complaints.actors import Actor
from upheld.complaints.errors import InvalidInput
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Complaint
from upheld.notify.models import Message
from upheld.organisation.models import Organisation

from . import lease
from .imap import ConnectionLost, Mailbox, MailboxConfig, Summary
from .models import Outcome, ProcessedMail, QuarantinedMail
from .parse import IncomingMail, Unusable, first_message_id, message_key, read

log = logging.getLogger(__name__)
MAIL_INTAKE = Actor("system", label="e-mail intake")


@dataclass
class Report:
    complaints: list[str] = field(default_factory=list)
    correspondence: list[str] = field(default_factory=list)
    already_taken: int = 0
    quarantined: list[tuple[int, str]] = field(default_factory=list)
    left_for_retry: list[tuple[int, str]] = field(default_factory=list)
    busy: bool = False  # another run holds the mailbox; nothing was done

    def __str__(self) -> str:
        if self.busy:
            return "another fetch-mail is reading this mailbox now; nothing done"
        return (
            f"{len(self.complaints)} new complaint(s), {len(self.correspondence)} "
            f"added as correspondence, {self.already_taken} already taken, "
            f"{len(self.quarantined)} quarantined, {len(self.left_for_retry)} left "
            "for the next run"
        )


def fetch_mail(config: MailboxConfig | None = None, mailbox_cls=Mailbox) -> Report | None:
    """Read the configured folder once. Returns None when e-mail intake is off (no host)."""
    config = config or MailboxConfig.from_settings()
    if config is None:
        return None
    name, holder = f"{config.user}@{config.host}:{config.port}/{config.folder}", lease.new_holder()
    if not lease.acquire(name, holder):
        return Report(busy=True)
    try:
        return _fetch(config, mailbox_cls, name, holder)
    finally:
        lease.release(name, holder)


def _fetch(config: MailboxConfig, mailbox_cls, name: str, holder: str) -> Report:
    report = Report()
    with mailbox_cls(config) as box:
        box.ensure(config.processed_folder)
        box.ensure(config.quarantine_folder)
        box.select(config.folder)
        for summary in box.summaries():
            if not lease.renew(name, holder):  # lost only if we stalled past the TTL
                log.warning("Lease on %s lost; stopping this run", name)
                break
            try:
                _take(box, summary, report)
            except ConnectionLost:
                raise
            except Exception as exc:  # noqa: BLE001 — one message must not stop the batch
                # E.g. the database is down, another worker moved it a moment ago, or a
                # fault in Upheld: the message stays in the folder and is tried next run.
                log.exception(
                    "E-mail UID %s left in %s for the next run", summary.uid, config.folder
                )
                report.left_for_retry.append((summary.uid, f"{type(exc).__name__}: {exc}"))
    return report


def run_periodic() -> str:
    """The worker's periodic job (registered in apps.py)."""
    return str(fetch_mail() or "e-mail intake is off")


def _take(box: Mailbox, summary: Summary, report: Report) -> None:
    config = box.config
    limit = settings.UPHELD_IMAP_MAX_MESSAGE_BYTES
    if summary.size > limit:
        head = box.fetch(summary.uid, header_only=True)
        _quarantine(
            box,
            summary,
            head,
            Unusable(
                f"Too large: {summary.size} bytes; the limit is {limit} "
                "(UPHELD_IMAP_MAX_MESSAGE_BYTES). Only its header is copied here."
            ),
            report,
            whole=False,
        )
        return
    raw = box.fetch(summary.uid)
    try:
        mail = read(raw)
    except Unusable as unusable:
        _quarantine(box, summary, raw, unusable, report)
        return
    except Exception as exc:  # noqa: BLE001 — the parser met something it cannot handle
        _quarantine(
            box,
            summary,
            raw,
            Unusable(f"Could not be read as an e-mail: {type(exc).__name__}: {exc}"),
            report,
        )
        return
    try:
        outcome = record(mail, _arrival(summary))
    except InvalidInput as exc:
        _quarantine(
            box,
            summary,
            raw,
            Unusable(
                f"Refused at receipt: {exc}",
                sender=mail.sender_email,
                subject=mail.subject,
                message_id=mail.message_id,
            ),
            report,
        )
        return
    if outcome is None:
        report.already_taken += 1
    elif outcome.outcome == Outcome.COMPLAINT:
        report.complaints.append(outcome.complaint.reference)
    else:
        report.correspondence.append(outcome.complaint.reference)
    box.move(summary.uid, config.processed_folder)


def record(mail: IncomingMail, received_at, by=MAIL_INTAKE) -> ProcessedMail | None:
    """The complaint (or correspondence) and its ProcessedMail, all or nothing. None when
    this Message-ID was already taken (a second copy, or a move lost after a crash)."""
    try:
        with transaction.atomic():
            if ProcessedMail.objects.filter(message_id=mail.key).exists():
                return None
            target = answered_complaint(mail)
            sender = (
                f"{mail.sender_name} <{mail.sender_email}>"
                if mail.sender_name
                else mail.sender_email
            )
            files, refused = screen(mail.attachments)
            if target is not None:
                lifecycle.add_correspondence(
                    target,
                    by=by,
                    direction="in",
                    channel="email",
                    sender=sender,
                    subject=mail.subject,
                    body=(mail.body or mail.subject) + refused,
                    attachments=files,
                    external_id=mail.message_id or mail.key,
                )
                complaint, outcome = target, Outcome.CORRESPONDENCE
            else:
                description = mail.description or (
                    f"[Upheld: the e-mail had no text, only {len(mail.attachments)} attached "
                    "file(s).]"
                )
                complaint = lifecycle.receive(
                    channel="email",
                    description=description + refused,
                    by=by,
                    complainant={
                        "name": mail.sender_name or mail.sender_email,
                        "email": mail.sender_email,
                        "preferred_language": mail.language,
                    },
                    received_at=received_at,
                    attachments=files,
                )
                outcome = Outcome.COMPLAINT
            return ProcessedMail.objects.create(
                message_id=mail.key,
                complaint=complaint,
                outcome=outcome,
                sender=sender[:300],
                subject=mail.subject[:300],
            )
    except IntegrityError:
        if ProcessedMail.objects.filter(message_id=mail.key).exists():
            return None  # another fetch took it at the same moment
        raise


def screen(attachments: list[IncomingFile]) -> tuple[list[IncomingFile], str]:
    """Keep the files whose content is an allowed type within the size limit (filetypes),
    typed by their content. The others are not stored; a note saying which and why is
    returned, for the record. They stay in the original message in the processed folder."""
    kept, reasons = [], []
    for f in attachments:
        try:
            kind = filetypes.check(f.filename, f.content)
        except ValueError as exc:
            reasons.append(str(exc))
            continue
        kept.append(IncomingFile(f.filename, f.content, kind))
    if not reasons:
        return kept, ""
    folder = settings.UPHELD_IMAP_PROCESSED_FOLDER
    return kept, (
        "\n\n[Upheld: attached files not accepted; the original e-mail keeps them in "
        f"the mailbox folder {folder}.]\n" + "\n".join(f"- {r}" for r in reasons)
    )


def _arrival(summary: Summary):
    """ISO 10002 7.2: received when it reached our mailbox, not when we read it."""
    now = timezone.now()
    if summary.internal_date is None or summary.internal_date > now:
        return None
    return summary.internal_date


def answered_complaint(mail: IncomingMail) -> Complaint | None:
    """The complaint this message is about: a known reference in the subject, or a reply
    to one of our messages or to the e-mail that opened a complaint."""
    prefix = Organisation.current().reference_prefix
    pattern = re.compile(rf"(?<![\w-]){re.escape(prefix)}-(\d{{4}})-(\d{{6}})(?!\d)", re.I)
    for year, number in pattern.findall(mail.subject):
        found = Complaint.objects.filter(reference=f"{prefix}-{year}-{number}").first()
        if found is not None:
            return _surviving(found)
    if mail.replies_to:
        sent = Message.objects.filter(
            message_id__in=mail.replies_to, complaint__isnull=False
        ).select_related("complaint")
        for message in sent[:1]:
            return _surviving(message.complaint)
        taken = ProcessedMail.objects.filter(message_id__in=mail.replies_to)
        for processed in taken.select_related("complaint")[:1]:
            return _surviving(processed.complaint)
    return None


def _surviving(complaint: Complaint) -> Complaint:
    """A merged complaint's correspondence goes to the complaint it was merged into."""
    seen = set()
    while complaint.merged_into_id and complaint.pk not in seen:
        seen.add(complaint.pk)
        complaint = complaint.merged_into
    return complaint


def _quarantine(
    box: Mailbox,
    summary: Summary,
    raw: bytes,
    unusable: Unusable,
    report: Report,
    whole: bool = True,
) -> None:
    keep = settings.UPHELD_IMAP_QUARANTINE_KEEP_BYTES
    message_id = unusable.message_id or _message_id(raw)
    QuarantinedMail.objects.get_or_create(
        message_id=message_key(raw, message_id),
        defaults={
            "uid": summary.uid,
            "reason": unusable.reason,
            "sender": unusable.sender[:300],
            "subject": unusable.subject[:300],
            "size": summary.size or len(raw),
            "raw": raw[:keep],
            "truncated": len(raw) > keep or not whole,
        },
    )
    box.move(summary.uid, box.config.quarantine_folder)
    report.quarantined.append((summary.uid, unusable.reason))
    log.warning("E-mail UID %s quarantined: %s", summary.uid, unusable.reason)


def _message_id(raw: bytes) -> str:
    from email import message_from_bytes, policy

    try:
        return first_message_id(message_from_bytes(raw, policy=policy.default))
    except Exception:  # noqa: BLE001
        return ""

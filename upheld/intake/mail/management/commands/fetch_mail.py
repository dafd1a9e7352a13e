"""`upheld fetch-mail`: read the complaints mailbox once (ISO 10002 7.2)."""

from django.core.management.base import BaseCommand, CommandError

from upheld.intake.mail.fetch import fetch_mail
from upheld.intake.mail.imap import MailboxError


class Command(BaseCommand):
    help = (
        "Read the IMAP mailbox (UPHELD_IMAP_*): each new message becomes a complaint, "
        "a reply quoting a reference becomes correspondence; taken messages move to the "
        "processed folder, unusable ones to the quarantine folder with the reason."
    )

    def handle(self, *args, **options):
        try:
            report = fetch_mail()
        except MailboxError as exc:
            raise CommandError(str(exc)) from exc
        if report is None:
            self.stdout.write(
                "E-mail intake is off: UPHELD_IMAP_HOST (or UPHELD_IMAP_URL) is not set."
            )
            return
        for reference in report.complaints:
            self.stdout.write(f"new complaint {reference}")
        for reference in report.correspondence:
            self.stdout.write(f"correspondence added to {reference}")
        for uid, reason in report.quarantined:
            self.stdout.write(f"quarantined UID {uid}: {reason}")
        for uid, reason in report.left_for_retry:
            self.stderr.write(f"left UID {uid} for the next run: {reason}")
        self.stdout.write(self.style.SUCCESS(str(report)))

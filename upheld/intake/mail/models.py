"""What the e-mail channel remembers of each message it took (ISO 10002 7.2, 4.4).

A Message-ID is recorded in the same transaction as the complaint or correspondence it
became, so a message is never taken twice even if moving it out of the inbox failed.
A message that could not become a complaint is kept aside with the reason (7.2: nothing
a complainant sends is lost)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    COMPLAINT = "complaint", _("new complaint")
    CORRESPONDENCE = "correspondence", _("added to a complaint's correspondence")


class ProcessedMail(models.Model):
    """A message the mailbox handed over and what it became."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(_("processed at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("processed e-mail")

    def __str__(self) -> str:
        return f"{self.message_id} → {self.outcome} {self.complaint_id}"


class QuarantinedMail(models.Model):
    """A message kept aside (moved to the quarantine folder) with why it was not taken."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    uid = models.PositiveBigIntegerField(_("IMAP UID in the source folder"))
    reason = models.TextField()
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    raw = models.BinaryField(_("raw message (perhaps cut short)"))
    truncated = models.BooleanField(default=False)
    at = models.DateTimeField(_("quarantined at"), auto_now_add=True)
    # Set when a person decided it is a complaint after all (release.take_anyway).
    complaint = models.ForeignKey(
        "complaints.Complaint", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("quarantined e-mail")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.reason[:60]}"


class MailboxLease(models.Model):
    """Who is reading a mailbox now. Every worker runs fetch-mail; two sessions moving the
    same message at once would each copy it, so one run at a time holds the lease. It
    expires by itself if its holder dies."""

    mailbox = models.CharField(max_length=300, unique=True)
    holder = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.mailbox} held by {self.holder or 'nobody'} until {self.expires_at}"

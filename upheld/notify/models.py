"""Outbound messages: every one is stored, then delivered by the worker or visibly failed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Message(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    kind = models.CharField(max_length=32)  # acknowledgement, decision, recourse, …
    to = models.EmailField()
    language = models.CharField(max_length=10, default="en")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # The complainant's tracking secret is needed only to write the e-mail; it is kept
    # here until delivery succeeds and then wiped, so the store never holds it for long.
    pending_secret = models.CharField(max_length=100, blank=True)
    message_id = models.CharField(max_length=200, unique=True)
    state = models.CharField(
        max_length=8, choices=MessageState.choices, default=MessageState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The delivery job (django-tasks-db result id) now responsible for this message; the
    # sweep re-enqueues a stalled message only when that job is no longer alive.
    job_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.state})"

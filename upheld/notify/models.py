"""Outbound messages: every one is stored, then rendered and delivered by the worker or
visibly failed (upheld.core.outbox)."""

from django.conf import settings
from django.db import models

from upheld.core.outbox import OutboxItem, OutboxState

MessageState = OutboxState  # the outbox's states, under the name this app always used


class Message(OutboxItem):
    """One e-mail to a complainant or to a staff user. Written as an intent (kind,
    complaint, recipient, language, context) in the transaction of the change that needs
    it; the worker renders the subject and body when it sends it, and keeps them."""

    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    kind = models.CharField(max_length=32)  # acknowledgement, decision, recourse, …
    # A staff user the message is for (a handler to remind); none for the complainant.
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to = models.EmailField()
    language = models.CharField(max_length=10, default="en")
    # What the templates need beyond the complaint: ids and short texts (JSON), read when
    # the message is rendered.
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    # The complainant's tracking secret is needed only to write the e-mail; it is kept
    # here until delivery succeeds (or fails for good) and then wiped, so the store never
    # holds it for long; the stored body has a placeholder in its place.
    pending_secret = models.CharField(max_length=100, blank=True)
    message_id = models.CharField(max_length=200, unique=True)

    class Meta(OutboxItem.Meta):
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.state})"

    def outbox_key(self) -> dict:
        return {"message_id": self.message_id}


from .notice_models import Notice, NoticeChoice, Way  # noqa: E402, F401 — models of this app

"""Notices to staff (issue 9 point 7; ISO 10002 5.3, 7.3, 4.4): what a person working
complaints must know — a complaint assigned to them, the complainant wrote, a time limit at
risk or breached — on their desk (a `Notice` row, read or not) and/or by e-mail (a
`Message` through the outbox), as each person chooses (`NoticeChoice`; both until they
choose). Written only by `notices.tell`, in the transaction of the change that needs it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Way(models.TextChoices):
    DESK = "desk", _("On my desk only")
    EMAIL = "email", _("By e-mail only")
    BOTH = "both", _("On my desk and by e-mail")


class NoticeChoice(models.Model):
    """How one person wants to be told (no row: both)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    way = models.CharField(max_length=8, choices=Way.choices, default=Way.BOTH)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(way__in=Way.values), name="notice_choice_way_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.way}"


class Notice(models.Model):
    """One notice on a person's desk. Its words are the e-mail's subject
    (`notify/<kind>_subject.txt`), rendered when shown, in the reader's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    # Ids and short texts only (JSON), as a message's context: no personal data.
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [
            # A person's notices, newest first (the list), and their unread ones (the count).
            models.Index(fields=["recipient", "-id"], name="notice_list_idx"),
            models.Index(
                fields=["recipient"],
                name="notice_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(fields=["complaint"], name="notice_complaint_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

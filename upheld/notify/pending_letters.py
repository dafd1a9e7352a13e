"""Letters asked for before the letters work (issue 10) prints them: a message to a
complainant whom we can reach only by post (no e-mail address, or they asked for paper).

A row is the request, written in the transaction of the change that needs it, as an e-mail
is (outbox.py): its kind names the text (`tracking_link`, `survey_invitation`,
`survey_reminder`), its language and context are the complainant's. A secret the letter
must carry (a private link) is kept here, as `Message.pending_secret` is, until the letter
is produced (`produced_at`), and then wiped. The post room's list (issue 10) reads the rows
not produced yet, oldest first."""

from django.db import models


class PendingLetter(models.Model):
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="pending_letters"
    )
    kind = models.CharField(max_length=32)
    language = models.CharField(max_length=10, default="en")
    context = models.JSONField(default=dict, blank=True)
    pending_secret = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField()
    produced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="pending_letter_todo_idx",
                condition=models.Q(produced_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} letter for complaint {self.complaint_id}"

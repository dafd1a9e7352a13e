"""What the web channel keeps about its own submissions: one-time form tokens (so a double
click or a resubmitted form never makes two complaints) and, per client address, how many
submissions were made lately (rate limiting). The complaint itself lives in `complaints`."""

from django.conf import settings
from django.db import models


class WebSubmission(models.Model):
    """One accepted use of a form token (ISO 10002 7.2: one complaint per submission)."""

    token = models.CharField(max_length=64, unique=True)
    client = models.CharField(max_length=64, db_index=True)  # keyed hash of the IP address
    at = models.DateTimeField(db_index=True)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The tracking secret, kept only until the confirmation page has shown it once.
    pending_secret = models.CharField(max_length=100, blank=True)
    spam = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return f"{self.token[:8]}… {self.complaint_id or ('spam' if self.spam else '-')}"


class HeldFile(models.Model):
    """A file that passed the checks on a form that had other errors: held (under the form's
    token) so the person does not have to choose it again. Taken by the submission."""

    token = models.CharField(max_length=64, db_index=True)
    client = models.CharField(max_length=64, blank=True)  # as WebSubmission.client
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField(default=0)  # bytes, counted against the address's quota
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return self.filename

"""What the portal keeps of its own: the one-time tokens of the forms that send something
(a message with files), so a double click or the back button sends it once."""

from django.db import models


class PortalSubmission(models.Model):
    token = models.CharField(max_length=64, unique=True)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.token[:8]}… {self.complaint_id}"

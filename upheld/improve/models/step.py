from django.conf import settings
from django.db import models


class Step(models.Model):
    """The improvement records' own trail (ISO 10002 8.5 evidence for auditors): who moved
    which record, when, and what they gave. Appended by the actions, never changed."""

    subject = models.CharField(max_length=20)  # root_cause | action | external_decision
    subject_id = models.BigIntegerField()
    move = models.CharField(max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["subject", "subject_id"], name="improve_step_subject")]

    def __str__(self) -> str:
        return f"{self.move} of {self.subject} {self.subject_id}"

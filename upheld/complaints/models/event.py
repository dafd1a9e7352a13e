from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """One entry of a complaint's trail (4.9, 8.1). Append-only and hash-chained (events.py)."""

    # No index of its own: the unique (complaint, seq) index serves every lookup by complaint.
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField()
    data = models.JSONField(default=dict)
    public = models.BooleanField(_("visible to the complainant"), default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["complaint_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "seq"], name="event_unique_seq")
        ]
        # Events of the system (receipt by a channel, an import, the worker) have no actor
        # user: only the others are indexed.
        indexes = [
            models.Index(
                fields=["actor"], name="event_actor_idx", condition=models.Q(actor__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Trail events are append-only: they are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Trail events are append-only: they are never deleted.")

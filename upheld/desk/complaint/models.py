"""What the complaint page records besides the trail: reads of attachments (personal data,
ISO 10002 4.7) and move forms already sent (one move per form, however often it is posted).

Opening a file is a read, not a change of the complaint, so it is not an event of the
trail (the trail records what was done to the complaint; a read appended there would lock
the complaint row and lengthen its chain every time a handler looks at a scan, and a
preview image is fetched by the browser on each view). It is an append-only row naming who
opened which file, when and how (shown inline or downloaded); it holds no personal data
of the complainant, so erasing the complaint leaves it as it is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttachmentRead(models.Model):
    """One access to an attachment by a member of staff (4.7: who read personal data)."""

    attachment = models.ForeignKey(
        "complaints.Attachment", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    at = models.DateTimeField()
    inline = models.BooleanField(_("shown in the page"), default=False)

    class Meta:
        verbose_name = _("attachment read")
        verbose_name_plural = _("attachment reads")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["attachment", "at"], name="attachment_read_idx"),
            models.Index(fields=["reader", "at"], name="attachment_reader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.attachment_id} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Reads of attachments are recorded once and never changed.")
        super().save(*args, **kwargs)


class MoveSubmission(models.Model):
    """A move form's one-time token, written in the transaction of the move it made: a
    second POST of the same form (a double click, the back button) finds it and makes no
    second move. Kept a day."""

    token = models.CharField(max_length=64, unique=True)
    reference = models.CharField(max_length=32)
    move = models.CharField(max_length=32)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.move} on {self.reference}"

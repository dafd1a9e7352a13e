from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A file that came with the complaint or with later correspondence (7.2, 8.1).

    Its SHA-256 is kept, and written into the trail, so evidence can be shown unaltered."""

    complaint = models.ForeignKey("Complaint", on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField()
    correspondence = models.ForeignKey(
        "Correspondence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class Correspondence(models.Model):
    """A message in or out about a complaint: e-mail, letter, call note (7.3, 7.8)."""

    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, related_name="correspondence"
    )
    direction = models.CharField(max_length=3, choices=[("in", _("in")), ("out", _("out"))])
    channel = models.CharField(max_length=16)
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    external_id = models.CharField(max_length=300, blank=True, db_index=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = _("correspondence")

    def __str__(self) -> str:
        return f"{self.direction} {self.channel} {self.subject}".strip()

"""Letter templates (versioned), the organisation's letter settings, and every letter sent
to a complainant, kept with what was sent (ISO 10002 7.3, 7.8; capability 28, 29)."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from upheld.core.outbox import OutboxItem
from upheld.deadlines.regimes import Regime

from .kinds import LETTER_KINDS, Channel, Direction, Kind

LANGUAGES = [("en", "English"), ("es", "Español")]


class Template(models.Model):
    """One version of a letter template. A change is a new version (the admin and the desk
    never update a row), so a kept letter names exactly the text it came from."""

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Placeholders such as {{ reference }}, {{ name }}, {{ decision.reasons }}; "
            "{% if %} and {% for %} blocks. A blank line starts a paragraph, a line "
            "starting with '- ' is a list item."
        ),
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "regime", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "regime", "language", "version"], name="letter_template_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.regime} · {self.language} · v{self.version}"

    @property
    def label(self) -> str:
        return f"{self.kind}/{self.regime}/{self.language} v{self.version}"


class LetterSettings(models.Model):
    """What every letter carries beyond the organisation's name and address: the logo, who
    signs, and for the FCA the ombudsman's leaflet and whether the firm consents to waive
    the time limits (DISP 1 Annex 3R). One row, pk=1."""

    class Consent(models.TextChoices):
        NO = "no", _("does not consent to waive the six-month time limit")
        YES = "yes", _("consents to waive the time limits")

    logo = models.FileField(
        _("logo (PNG, JPEG or SVG)"), upload_to="letters/logo/", blank=True, max_length=200
    )
    signatory = models.CharField(
        _("signed by"), max_length=200, blank=True, default="Complaints team"
    )
    fos_leaflet = models.FileField(
        _("Financial Ombudsman Service leaflet (PDF)"),
        upload_to="letters/leaflet/",
        blank=True,
        max_length=200,
        help_text=_("DISP 1.6.2R(1)(d): enclosed with every FCA final response."),
    )
    fos_consent = models.CharField(
        _("time limits (DISP 1 Annex 3R)"),
        max_length=4,
        choices=Consent.choices,
        default=Consent.NO,
    )

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(_("letter settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "LetterSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Letter(OutboxItem):
    """One letter or message to a complainant, kept as it was sent (capability 29): its
    text, its PDF, the template version, the channel, the recipient, when, and the SHA-256
    of the PDF and of the text. The outbox's work here is *producing* it (rendering the text
    when it was not written by hand, and the PDF): `sent_at` is when it was produced. An
    e-mailed letter then goes out as a notify.Message with the PDF attached (`message`); a
    posted one waits in the post room until someone marks it posted (`posted_on`)."""

    # The name its production job knows it by before it is saved (outbox_key).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=LETTER_KINDS)
    regime = models.CharField(_("regime"), max_length=8, choices=Regime.choices)
    language = models.CharField(_("language"), max_length=10)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.OUT
    )
    # A letter received or a call taken: the message kept in the complaint's record (with
    # its scans as the message's files), which this row keeps beside the letters sent.
    correspondence = models.OneToOneField(
        "complaints.Correspondence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter",
    )
    template = models.ForeignKey(
        Template, null=True, blank=True, on_delete=models.PROTECT, related_name="letters"
    )
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    # The e-mail address, or the postal address (lines).
    recipient_address = models.TextField(_("address"), blank=True)
    # Facts beyond the complaint's own (a decision's id, a question, a reason): JSON values.
    context = models.JSONField(default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    edited = models.BooleanField(_("edited by hand"), default=False)
    pdf = models.BinaryField(blank=True, default=b"")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    body_sha256 = models.CharField(max_length=64, blank=True)
    # Files sent with it (the ombudsman's leaflet): [{"filename", "sha256", "path"}].
    enclosures = models.JSONField(default=list, blank=True)
    message = models.OneToOneField(
        "notify.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="letter"
    )
    # A posted letter that carries the tracking link keeps the secret only until it is
    # posted (the kept PDF has a placeholder, like notify's stored e-mails).
    pending_secret = models.CharField(max_length=100, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(OutboxItem.Meta):
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "pk"]
        indexes = [
            *OutboxItem.Meta.indexes,
            models.Index(
                fields=["created_at"],
                name="letter_to_post",
                condition=models.Q(channel="post", direction="out", posted_on=None),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.channel} ({self.state})"

    def outbox_key(self) -> dict:
        return {"key": str(self.key)}

    @property
    def produced(self) -> bool:
        return bool(self.pdf_sha256)

    @property
    def delivered_at(self):
        """When it left: the e-mail accepted by the mail server, or the day it was posted."""
        if self.channel == Channel.POST:
            return self.posted_on
        return self.message.sent_at if self.message_id and self.message else None


from .mass_runs import MassRun  # noqa: E402, F401 — a model of this app

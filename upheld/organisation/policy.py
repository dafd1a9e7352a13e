"""The complaints-handling policy (ISO 10002 5.2; capability row 42): versioned, the current
version published on the public pages in each language it is written in, and acknowledged
by each member of staff once per version (5.1: commitment made known to the people who
handle complaints). A version, once published, is never changed: a change is a new one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PolicyVersion(models.Model):
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200, default="Our complaints policy")
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaints policy")
        verbose_name_plural = _("complaints policy versions")
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="policy_version_language")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.language})"

    def clean(self):
        if self.pk and PolicyVersion.objects.filter(pk=self.pk).exists():
            raise ValidationError(_("A published version is never changed: add a new version."))

    @classmethod
    def current(cls, language: str) -> "PolicyVersion | None":
        """The newest published version in `language`, else in the default language."""
        now = timezone.now()
        published = cls.objects.filter(published_at__lte=now).order_by("-version")
        newest = published.first()
        if newest is None:
            return None
        same = published.filter(version=newest.version)
        return (
            same.filter(language=language).first()
            or same.filter(language=settings.LANGUAGE_CODE).first()
            or same.first()
        )


class PolicyAcknowledgement(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="policy_acknowledgements",
        verbose_name=_("person"),
    )
    version = models.PositiveIntegerField(_("version"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        verbose_name = _("policy acknowledgement")
        verbose_name_plural = _("policy acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="policy_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} — v{self.version}"


def to_acknowledge(user) -> int | None:
    """The current policy version this member of staff has not acknowledged yet, if any."""
    newest = (
        PolicyVersion.objects.filter(published_at__lte=timezone.now())
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    if newest is None:
        return None
    done = PolicyAcknowledgement.objects.filter(person=user, version=newest).exists()
    return None if done else newest


def acknowledge(user, version: int) -> PolicyAcknowledgement:
    """Record that `user` read `version` (once; again is the same record)."""
    ack, _created = PolicyAcknowledgement.objects.get_or_create(person=user, version=version)
    return ack

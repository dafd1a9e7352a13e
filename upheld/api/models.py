"""API records: bearer tokens, idempotency keys, webhook subscriptions and deliveries.

None of these is part of a complaint: the complaint and its trail stay the lifecycle's.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import EventKind
from upheld.core.outbox import OutboxItem

TOKEN_PREFIX = "uph_"  # noqa: S105 — a visible prefix, not a secret


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for one user. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(
        _("key prefix"),
        max_length=16,
        editable=False,
        help_text=_("The first characters of the key, to recognise it."),
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        label = f" ({self.name})" if self.name else ""
        return f"{self.prefix}… {self.user}{label}"

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token and return it with its key (the only time the key is known)."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:12], key_hash=hash_key(key))
        return token, key


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an `Idempotency-Key` header.

    (user, key) is unique: two requests racing with the same key cannot both create."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """A system told of trail events as they happen (ISO 10002 7.3: keep people informed;
    8.1 the trail). Each delivery is signed with this subscription's secret."""

    url = models.URLField(_("URL"), max_length=500)
    event_kinds = models.JSONField(
        _("event kinds"),
        default=list,
        blank=True,
        help_text=_('Trail event kinds to send, e.g. ["received", "decided"]; ["*"] = all.'),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_webhook_secret,
        help_text=_("X-Upheld-Signature is sha256=HMAC-SHA256(secret, body), in hex."),
    )
    active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.description or self.url

    def clean(self):
        from django.core.exceptions import ValidationError

        kinds = self.event_kinds
        if not isinstance(kinds, list) or not all(isinstance(k, str) and k for k in kinds):
            raise ValidationError({"event_kinds": _('Give a list of event kinds, or ["*"].')})
        unknown = sorted(set(kinds) - {"*", *EventKind.values})
        if unknown:
            raise ValidationError(
                {
                    "event_kinds": _("Not trail event kinds: %(unknown)s. Choose from: %(known)s.")
                    % {"unknown": ", ".join(unknown), "known": ", ".join(EventKind.values)}
                }
            )

    def wants(self, kind: str) -> bool:
        kinds = self.event_kinds if isinstance(self.event_kinds, list) else [self.event_kinds]
        return "*" in kinds or kind in kinds


class WebhookDelivery(OutboxItem):
    """One trail event to one subscriber: created in the event's transaction, sent by the
    worker through the outbox (upheld.core.outbox), retried with back-off, delivered at
    most once successfully."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey("complaints.Event", on_delete=models.PROTECT, related_name="+")
    payload = models.JSONField()
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(OutboxItem.Meta):
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="webhook_delivery_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription} ({self.state})"

    def outbox_key(self) -> dict:
        return {"subscription_id": self.subscription_id, "event_id": self.event_id}

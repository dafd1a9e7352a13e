"""`Idempotency-Key` for POST /complaints: a replay returns the first answer, creates nothing.

The key row is inserted first, inside the same transaction as the receipt. A concurrent
request with the same key blocks on the unique index until the first commits, then finds
the stored answer; if the first fails (nothing created), the key is free again.

The stored answer holds the complainant's tracking secret, which Upheld otherwise keeps only
hashed: it is kept here encrypted (HMAC-SHA256 keystream under SECRET_KEY, fresh nonce).
"""

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upheld.complaints.errors import InvalidInput

from .models import IdempotencyKey

SEALED = ("secret", "tracking_url")


class KeyReused(InvalidInput):
    """The key was already used for a different request (API: 422)."""

    code = "idempotency_key_reused"


def request_hash(payload: dict) -> str:
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _keystream(nonce: bytes, length: int) -> bytes:
    key = hashlib.sha256(b"upheld.api.idempotency:" + settings.SECRET_KEY.encode()).digest()
    out = b""
    counter = 0
    while len(out) < length:
        out += hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest()
        counter += 1
    return out[:length]


def seal(text: str) -> str:
    nonce = secrets.token_bytes(16)
    data = text.encode()
    cipher = bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True))
    return base64.urlsafe_b64encode(nonce + cipher).decode()


def unseal(sealed: str) -> str:
    raw = base64.urlsafe_b64decode(sealed.encode())
    nonce, cipher = raw[:16], raw[16:]
    return bytes(
        a ^ b for a, b in zip(cipher, _keystream(nonce, len(cipher)), strict=True)
    ).decode()


def _stored(body: dict) -> dict:
    return {k: seal(v) if k in SEALED and v else v for k, v in body.items()}


def _replayed(body: dict) -> dict:
    return {k: unseal(v) if k in SEALED and v else v for k, v in body.items()}


def once(
    user, key: str | None, payload: dict, create: Callable[[], tuple[int, dict]]
) -> tuple[int, dict]:
    """Run `create` at most once per (user, key); return (status, body) of the first run."""
    if not key:
        return create()
    if len(key) > 255:
        raise InvalidInput({"Idempotency-Key": "Use at most 255 characters."})
    digest = request_hash(payload)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(user=user, key=key, request_hash=digest)
        except IntegrityError:
            record = None
        if record is None:
            first = IdempotencyKey.objects.get(user=user, key=key)
            if first.request_hash != digest:
                raise KeyReused(
                    {
                        "Idempotency-Key": (
                            "This key was already used for a different request; send the same "
                            "body to get the first answer again, or use a new key."
                        )
                    }
                )
            return first.status_code, _replayed(first.response)
        status, body = create()
        record.status_code, record.response = status, _stored(body)
        record.save(update_fields=["status_code", "response"])
        return status, body


def purge(older_than: timedelta = timedelta(days=1)) -> int:
    """Forget keys older than a day (replays are expected within minutes)."""
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted

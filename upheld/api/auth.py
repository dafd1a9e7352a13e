"""Bearer-token authentication for the API (tokens from `upheld issue-token`)."""

import copy
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from upheld.core import lookups

from .models import ApiToken, hash_key

TOUCH_EVERY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`; an unknown, revoked or inactive user's token → 401."""

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        key_hash = hash_key(token)
        found = lookups.cached(("api-token", key_hash), lambda: _load(key_hash), keep_none=False)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or found.last_used_at < now - TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
            found.last_used_at = now  # the kept token knows it too
        user = copy.copy(found.user)  # this request's own: views may set attributes on it
        request.user = user
        request.api_token = found
        return user


def _load(key_hash: str) -> ApiToken | None:
    """The live token with this key, and its user; kept per process (core/lookups.py),
    dropped everywhere when a token or user is saved, so a revoked token or a deactivated
    user is refused at the next request on every server."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked=False, user__is_active=True)
        .first()
    )

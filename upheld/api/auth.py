"""Bearer-token authentication for the API (tokens from `upheld issue-token`)."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from .models import ApiToken, hash_key

TOUCH_EVERY = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`; an unknown, revoked or inactive user's token → 401."""

    def authenticate(self, request, token: str):
        if not token or len(token) > 200:
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or found.last_used_at < now - TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user

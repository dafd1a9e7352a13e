"""Limits on what anyone can try again and again without an account (issue 12, point 2):
password reset requests, guesses of tracking links, posts from the tracking page. Each is
counted per client address (and, for password resets, per address asked for) in the
database, so the limit holds across app servers (core/throttle.py)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from upheld.core import throttle


def rule(scope: str, setting: str, default: int, per: int = 3600) -> throttle.Limit:
    return throttle.Limit(scope, int(getattr(settings, setting, default)), per)


def password_resets() -> throttle.Limit:
    return rule("password-reset", "UPHELD_PASSWORD_RESETS_PER_HOUR", 5)


def refused(request, limit: throttle.Limit):
    """The 429 page: nothing was done, try again later."""
    response = render(request, "web/throttled.html", status=429)
    response["Retry-After"] = str(throttle.retry_after(limit))
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, limited per client address and per e-mail address asked
    for: a script cannot flood someone's mailbox or probe addresses at speed."""

    def post(self, request, *args, **kwargs):
        limit = password_resets()
        email = request.POST.get("email", "").strip().lower()
        by_client = throttle.hit(limit, throttle.client_key(request))
        per_email = throttle.Limit("password-reset-email", limit.limit, limit.per)
        by_email = throttle.hit(per_email, throttle.keyed(email)) if email else True
        if not (by_client and by_email):
            return refused(request, limit)
        return super().post(request, *args, **kwargs)

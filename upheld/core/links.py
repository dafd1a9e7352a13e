"""Absolute links for what leaves the site (e-mails, API answers, webhooks): always built
from a URL name with `reverse`, never typed, on the one public address SITE_URL
(UPHELD_SITE_URL, else the address `upheld serve` was started on; see settings)."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    """SITE_URL + a path that `reverse` gave."""
    return f"{settings.SITE_URL}{path}"


def absolute_url(name: str, *args, **kwargs) -> str:
    """The absolute address of the URL named `name` (e.g. "portal:track")."""
    return absolute(reverse(name, args=args or None, kwargs=kwargs or None))

"""The one-time form token (ISO 10002 7.2: one record per submission, however often a form
is posted). A page gives its form a fresh token; the handler of the POST asks whether the
posted token is one this browser was given, and records its first use itself (e.g.
intake/web/submissions.py), so a double click or the back button never makes two records.

The token keeps nothing on the server (ISO 10002 4.7: a visitor who only reads a page leaves
no row behind, no session): it is a random part, the time it was given, and an HMAC of both
under the site's key and the browser's CSRF secret (the CSRF cookie the form needs anyway).
So only this site makes tokens, a token works only in the browser it was given to, and
for a day."""

import base64
import secrets
import time

from django import forms
from django.middleware.csrf import get_token
from django.utils.crypto import constant_time_compare, salted_hmac

FIELD = "form_token"
VALID_FOR = 24 * 3600  # seconds: a form left open overnight still works
SALT = "upheld.web.formtoken"


def field() -> forms.CharField:
    """The hidden field a form carries its token in."""
    return forms.CharField(widget=forms.HiddenInput)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _browser(request) -> str:
    get_token(request)  # makes sure the browser has a CSRF secret (set with the response)
    return request.META.get("CSRF_COOKIE", "")


def _mac(request, body: str) -> str:
    digest = salted_hmac(SALT, f"{body}|{_browser(request)}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def issue(request) -> str:
    """A token for a form (about 45 characters), bound to this browser; nothing stored."""
    body = f"{secrets.token_urlsafe(12)}.{int(time.time()):x}"
    return f"{body}.{_mac(request, body)}"


def genuine(request, token: str) -> bool:
    """Whether this site gave `token` to this browser within VALID_FOR."""
    body, _, mac = token.rpartition(".")
    _, _, issued = body.partition(".")
    try:
        age = time.time() - int(issued, 16)
    except ValueError:
        return False
    return 0 <= age <= VALID_FOR + 60 and constant_time_compare(mac, _mac(request, body))


def posted(request) -> tuple[str, bool]:
    """The posted token and whether this browser was given it."""
    token = (request.POST.get(FIELD) or "").strip()[:64]
    return token, bool(token) and genuine(request, token)

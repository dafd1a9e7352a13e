"""The one-time form token (ISO 10002 7.2: one record per submission, however often a form
is posted). A page gives its form a fresh token, remembered in the visitor's session; the
handler of the POST asks whether the posted token is one this session was given, and
records its first use itself (e.g. intake/web/submissions.py), so a double click or the
back button never makes two records."""

import secrets

from django import forms

SESSION_KEY = "upheld_form_tokens"
KEPT = 10  # tokens remembered per session: several tabs may be open at once
FIELD = "form_token"


def field() -> forms.CharField:
    """The hidden field a form carries its token in."""
    return forms.CharField(widget=forms.HiddenInput)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def issue(request) -> str:
    """A one-time token for a form, remembered in the session that was given it."""
    token = new_token()
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-(KEPT - 1) :], token]
    return token


def posted(request) -> tuple[str, bool]:
    """The posted token and whether this session was given it."""
    token = (request.POST.get(FIELD) or "").strip()[:64]
    return token, bool(token) and token in request.session.get(SESSION_KEY, [])

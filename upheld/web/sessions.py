"""Sign-out everywhere (ISO 10002 4.7): every session a person signs in with is noted, so
they can end them all at once — a lost laptop, a shared computer left signed in. Expired
sessions are deleted by the worker (periodic job `clear-sessions`)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from .models import SignedInSession


def note(sender, request, user, **kwargs) -> None:
    """user_logged_in: remember the session this sign-in opened."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    SignedInSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})
    expired = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    SignedInSession.objects.filter(user=user, at__lt=expired).delete()


def end_all(user) -> int:
    """End every session of this person; returns how many."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user).delete()
    return len(keys)


@require_POST
@login_required
def sign_out_everywhere(request):
    end_all(request.user)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def clear_expired() -> None:
    """The periodic job `clear-sessions`: expired sessions and what notes them go."""
    import_string(f"{settings.SESSION_ENGINE}.SessionStore").clear_expired()
    expired = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    SignedInSession.objects.filter(at__lt=expired).delete()

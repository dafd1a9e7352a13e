"""One complaint per submission (ISO 10002 7.2), and limits against spam and abuse.

A form carries a one-time token. The first POST that uses it records a WebSubmission in the
same transaction as the complaint; a second POST with the same token (a double click, the
back button and submit again) finds that row and shows the first result instead of making a
second complaint. The unique index on the token makes two concurrent POSTs queue up: the
second waits for the first to commit, then finds its row.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upheld.core import throttle
from upheld.web import formtoken

from .models import HeldFile, WebSubmission

SESSION_KEY = "upheld_web_submission"
SECRET_SHOWN_FOR = timedelta(hours=1)


class RateLimited(Exception):
    """This address made its allowed submissions this hour."""


def client_key(request) -> str:
    return throttle.client_key(request)


def submissions_limit() -> throttle.Limit:
    per_hour = getattr(settings, "UPHELD_WEB_SUBMISSIONS_PER_HOUR", 10)
    return throttle.Limit("web-submission", per_hour, 3600)


def rate_limited(request) -> bool:
    """True when this address already made the allowed number of submissions this hour, or
    had as many files held as that many submissions may carry (forms sent back with errors
    again and again would otherwise store files without limit). A first look, before the
    form is read; `submit` takes the place itself, atomically."""
    client = client_key(request)
    if throttle.exceeded(submissions_limit(), client):
        return True
    since = timezone.now() - timedelta(hours=1)
    files = submissions_limit().limit * settings.UPHELD_ATTACHMENT_MAX_FILES
    return HeldFile.objects.filter(client=client, at__gte=since).count() >= files


def earlier(token: str) -> WebSubmission | None:
    if not token:
        return None
    return WebSubmission.objects.filter(token=token).select_related("complaint").first()


def record_spam(request, token: str) -> None:
    """A filled honeypot: nothing is created but the attempt counts against the address."""
    try:
        with transaction.atomic():
            throttle.hit(submissions_limit(), client_key(request))
            WebSubmission.objects.create(
                token=token or formtoken.new_token(),
                client=client_key(request),
                at=timezone.now(),
                spam=True,
            )
    except IntegrityError:
        pass


def submit(request, token: str, receive, *, limited: bool = False) -> tuple[WebSubmission, bool]:
    """Run `receive()` (which returns the new complaint) once per token.

    Returns (submission, created). When the token was used before, `receive` is not called
    and the earlier submission comes back with created=False. When `limited`, raises
    RateLimited if the address has no submission left this hour: the count is taken in the
    same transaction as the complaint (an atomic increment), so concurrent posts cannot
    all pass."""
    now = timezone.now()
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            client = client_key(request)
            if limited and not throttle.hit(submissions_limit(), client):
                raise RateLimited
            submission = WebSubmission.objects.create(
                token=token, client=client, at=now, entered_by=user
            )
            complaint = receive()
            submission.complaint = complaint
            submission.pending_secret = complaint.secret
            submission.save(update_fields=["complaint", "pending_secret"])
    except IntegrityError:
        first = earlier(token)
        if first is None:
            raise
        return first, False
    forget_stale_secrets()
    return submission, True


def forget_stale_secrets() -> None:
    """Secrets not picked up within the hour are forgotten (the e-mail carries them too)."""
    WebSubmission.objects.filter(at__lt=timezone.now() - SECRET_SHOWN_FOR).exclude(
        pending_secret=""
    ).update(pending_secret="")


def take_secret(submission: WebSubmission) -> str:
    """The tracking secret, once and within the hour: whoever takes it first gets it, then
    it is gone."""
    secret = submission.pending_secret
    if not secret:
        return ""
    if submission.at < timezone.now() - SECRET_SHOWN_FOR:
        forget_stale_secrets()
        return ""
    taken = WebSubmission.objects.filter(pk=submission.pk, pending_secret=secret).update(
        pending_secret=""
    )
    return secret if taken else ""


def remember(request, submission: WebSubmission) -> None:
    request.session[SESSION_KEY] = submission.token


def remembered(request) -> WebSubmission | None:
    return earlier(request.session.get(SESSION_KEY, ""))

"""How every page of the portal lets the complainant in (ISO 10002 4.7, 7.3): by the private
link's secret alone, looked up by its hash in one indexed query. Every way in that fails —
no secret, a wrong one, an old one replaced by a new link, a revoked one, a reference in its
place — takes that same one query and gets the same answer, the site's 404 page; and an
address that tries too many wrong links is refused for the rest of the hour, so secrets
cannot be guessed at speed."""

import functools

from django.http import Http404

from upheld.complaints.models import Complaint
from upheld.complaints.selectors import complaint_for_secret
from upheld.core import throttle
from upheld.web import throttling


def misses() -> throttle.Limit:
    """Wrong links per address per hour: past it, no link opens from that address for the
    rest of the hour."""
    return throttling.rule("track-miss", "UPHELD_TRACK_MISSES_PER_HOUR", 20)


def posts() -> throttle.Limit:
    return throttling.rule("portal-post", "UPHELD_PORTAL_POSTS_PER_HOUR", 30)


def limited(view):
    """Refuse (429) an address that guessed too many links; count its posts and misses."""

    @functools.wraps(view)
    def guarded(request, secret: str, *args, **kwargs):
        client = throttle.client_key(request)
        if throttle.exceeded(misses(), client):
            return throttling.refused(request, misses())
        if request.method == "POST" and not throttle.hit(posts(), client):
            return throttling.refused(request, posts())
        try:
            return view(request, secret, *args, **kwargs)
        except Http404:
            throttle.hit(misses(), client)
            raise

    return guarded


def complaint_or_404(secret: str) -> Complaint:
    complaint = complaint_for_secret(secret)
    if complaint is None:
        raise Http404("No complaint has this link.")
    return complaint


def private(response):
    """The secret is in the address: never pass it to another site, never index the page.
    Not "no-referrer": browsers then send `Origin: null` with the page's own forms, which
    CSRF protection (rightly) refuses."""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

"""The complainant follows the complaint without an account (ISO 10002 7.3, 4.3, 4.7).

The private link carries the complainant's secret; only its hash is stored, so the page
looks the complaint up by hash. It shows the stage, the response date and the public part
of the trail — never internal notes, data of the trail events, or other people's details."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from upheld.complaints.selectors import complaint_for_secret

from .selectors import public_updates


@never_cache
def track(request, secret: str):
    complaint = complaint_for_secret(secret)
    if complaint is None:
        raise Http404("No complaint has this link.")
    updates = public_updates(complaint)
    response = render(request, "portal/track.html", {
        "complaint": complaint, "updates": updates,
        "last_update": updates[-1].at if updates else complaint.received_at,
    })
    # The secret is in the address: never pass it on, never index the page.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

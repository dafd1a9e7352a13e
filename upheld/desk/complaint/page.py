"""One complaint on one page (ISO 10002 7.3–7.9, 8.1): the record, the people, the clocks,
the timeline, the correspondence and files, complaints like it, and the moves open now,
each linking to its form. A fixed number of queries, whatever the size of the trail."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from upheld.complaints.roles import VIEW_TRAIL
from upheld.survey.selectors import desk_panel

from . import reading
from .access import open_complaint
from .clocks import clocks_of
from .timeline import timeline


def desk_home() -> str:
    """Where "back to the desk" leads: the queues' home once it exists, else the admin."""
    try:
        return reverse("desk:home")
    except NoReverseMatch:
        return reverse("admin:index")


@never_cache
@login_required
@require_GET
def complaint(request, reference: str):
    reads_trail = request.user.has_perm(VIEW_TRAIL)
    c = open_complaint(request, reference, with_trail=reads_trail, with_clocks=True)
    messages, files = reading.correspondence(c)
    tasks = reading.tasks(c)
    offered, withheld = reading.moves_open(request.user, c, any(t.is_open for t in tasks))
    decisions = list(c.decisions.all())
    now = timezone.now()
    return render(
        request,
        "desk/complaint/page.html",
        {
            "complaint": c,
            "now": now,
            "clocks": clocks_of(c, now),
            "tasks": tasks,
            "today": timezone.localdate(now),
            "decisions": decisions,
            "referrals": list(c.external_referrals.select_related("body")),
            "timeline": timeline(c) if reads_trail else None,
            "correspondence": messages,
            "files": files,
            "similar": list(reading.similar(request.user, c)),
            "offered": offered,
            "withheld": withheld,
            "closure_blocked": reading.closure_blocked(c),
            "involved": list(c.involved_users.all()),
            "desk_home": desk_home(),
            **desk_panel(c),
        },
    )

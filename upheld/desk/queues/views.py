"""The desk's home and its queues (ISO 10002 7.3 tracking, 5.3 who works what): thin
views over listing.py, which reads through the one visibility rule."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from upheld.complaints import categories
from upheld.desk.notices import reading
from upheld.organisation.teams import teams
from upheld.web import formtoken

from . import listing, paging
from .access import can_handle, can_keep_templates, can_manage, desk_page
from .definitions import QUEUES
from .filters import QueueFilters
from .links import complaint_url
from .models import SavedView

SELECTS = frozenset({"status", "priority", "category", "channel", "regime"})


def present(rows, now) -> list:
    """What a row shows beyond the record: its link, its team's and its category's names,
    what is due when (the row's time limit in a clock queue, else the complaint's next),
    whether it is late."""
    names, category_names = teams().names, categories.tree().labels
    for row in rows:
        row.url = complaint_url(row.reference)
        row.team_name = names.get(row.team_id, "")
        row.category_name = category_names.get(row.category_id, "")
        clock = getattr(row, "clock", None)
        row.due = clock.due_at if clock is not None else row.next_due_at
        row.limit = clock.title if clock is not None else ""
        row.late = row.due is not None and row.due < now and row.is_open
    return rows


@desk_page
def home(request):
    """ISO 10002 5.3: each person's work at a glance — counts that link to the queues."""
    user, now = request.user, timezone.now()
    empty = QueueFilters({})
    empty.is_valid()
    counts, cap = [], listing.home_cap()
    for name in ("mine", "due_soon", "breached", "unassigned"):
        queue = QUEUES[name]
        qs = listing.queue_rows(user, queue, empty, now)
        counts.append({"queue": queue, "count": listing.capped_count(qs, cap)})
    return render(
        request,
        "desk/queues/home.html",
        {
            "counts": counts,
            "cap": cap,
            "queues": QUEUES.values(),
            "saved_views": list(SavedView.objects.filter(owner=user)),
            "can_manage": can_manage(user),
            "can_keep_templates": can_keep_templates(user),
            "unread": reading.unread_count(user),
        },
    )


@desk_page
def queue(request, name: str):
    if name not in QUEUES:
        raise Http404(name)
    filters = QueueFilters(request.GET)
    filters.is_valid()
    after, cursor_error = None, False
    if request.GET.get("after"):
        try:
            after = paging.Cursor.decode(request.GET["after"])
        except paging.BadCursor:
            cursor_error = True
        if after is not None and not after.fits(QUEUES[name].order):
            after, cursor_error = None, True
    page = listing.queue_page(request.user, name, filters, after)
    now = timezone.now()
    query = filters.query_string()
    user = request.user
    return render(
        request,
        "desk/queues/queue.html",
        {
            "queue": QUEUES[name],
            "queues": QUEUES.values(),
            "filters": filters,
            "rows": present(page.rows, now),
            "next": page.next.encode() if page.next else "",
            "first_page": after is None,
            "query": query,
            "cursor_error": cursor_error,
            "can_handle": can_handle(user),
            "can_manage": can_manage(user),
            "bulk": can_manage(user) and page.rows,
            "form_token": formtoken.issue(request) if can_manage(user) and page.rows else "",
            "team_choices": sorted(teams().names.items(), key=lambda t: t[1]),
            "selects": SELECTS,
        },
    )

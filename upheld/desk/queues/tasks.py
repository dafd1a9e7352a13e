"""My tasks (ISO 10002 7.7): the open investigation tasks given to me, soonest due first,
on complaints I may still open (the one visibility rule), a keyset page at a time (the
index of open tasks by owner and due date): the same statements on every page."""

from datetime import date

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from upheld.complaints.models import Task, TaskState
from upheld.complaints.visibility import rule_through

from .access import desk_page
from .links import complaint_url

PAGE_SIZE = 25


def my_tasks_page(user, after: tuple[date, int] | None, size: int = PAGE_SIZE):
    qs = Task.objects.filter(owner=user, state=TaskState.OPEN)
    where = rule_through(user, "complaint")
    qs = qs.filter(where) if where is not None else qs.none()
    if after is not None:
        qs = qs.filter(due_on__gte=after[0]).filter(
            TupleGreaterThan(Tuple(F("due_on"), F("pk")), after)
        )
    rows = list(qs.select_related("complaint").order_by("due_on", "pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (f"{rows[-1].due_on.isoformat()}~{rows[-1].pk}" if more else "")


def _cursor(text: str) -> tuple[date, int] | None:
    day, _sep, pk = text.partition("~")
    parsed = parse_date(day) if day else None
    return (parsed, int(pk)) if parsed and pk.isdigit() else None


@desk_page
def my_tasks(request):
    text = request.GET.get("after", "")
    after = None
    try:
        after = _cursor(text)
    except ValueError:  # a date out of range
        after = None
    rows, more = my_tasks_page(request.user, after)
    today = timezone.localdate()
    for row in rows:
        row.url = complaint_url(row.complaint.reference)
        row.late = row.due_on < today
    return render(
        request,
        "desk/queues/my_tasks.html",
        {
            "tasks": rows,
            "more": more,
            "first_page": after is None,
            "cursor_error": bool(text) and after is None,
        },
    )

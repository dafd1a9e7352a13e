"""The workload of each handler (issue 9 point 2), for managers: open complaints, those due
within a week and those past their due time, per assignee — over the complaints the
manager may read (their teams'). One grouped statement."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from upheld.complaints.visibility import visible_complaints

from .access import can_manage, desk_page
from .definitions import OPEN


@desk_page
def workload(request):
    user = request.user
    if not can_manage(user):
        raise PermissionDenied
    now = timezone.now()
    week = now + timedelta(days=7)
    rows = (
        visible_complaints(user)
        .filter(OPEN)
        .values("assignee__username")
        .annotate(
            open=Count("pk"),
            due_this_week=Count("pk", filter=Q(next_due_at__gte=now, next_due_at__lt=week)),
            breached=Count("pk", filter=Q(next_due_at__lt=now)),
        )
        .order_by("assignee__username")
    )
    return render(request, "desk/queues/workload.html", {"rows": list(rows)})

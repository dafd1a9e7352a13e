"""Saved views: a queue with its filters under a name of the person's own."""

from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import desk_page
from .definitions import QUEUES
from .filters import QueueFilters
from .models import SavedView


@require_POST
@desk_page
def save_view(request):
    name = request.POST.get("name", "").strip()
    queue = request.POST.get("queue", "")
    if queue not in QUEUES:
        raise Http404(queue)
    # Only the filters are kept, and only valid ones: a saved view opens without errors.
    filters = QueueFilters(QueryDict(request.POST.get("query", "")[:1000]))
    filters.is_valid()
    query = filters.query_string()
    if not name or len(name) > 100:
        return render(
            request,
            "desk/queues/bulk_results.html",
            {"refused": _("Give the view a name of at most 100 characters.")},
            status=400,
        )
    SavedView.objects.update_or_create(
        owner=request.user, name=name, defaults={"queue": queue, "query": query}
    )
    return redirect(reverse("desk:queue", args=[queue]) + (f"?{query}" if query else ""))


@require_POST
@desk_page
def delete_view(request, pk: int):
    deleted, _rows = SavedView.objects.filter(owner=request.user, pk=pk).delete()
    if not deleted:
        raise Http404(pk)
    return redirect("desk:home")

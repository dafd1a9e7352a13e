"""/desk/notices/: each person's notices (assigned to them, the complainant wrote, a time
limit at risk or breached, …), newest first, marked read one by one or all at once, and
how they want to be told (on the desk, by e-mail, or both)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from upheld.desk.queues.access import desk_page
from upheld.desk.queues.links import complaint_url
from upheld.notify import notices
from upheld.notify.models import Way

from . import reading


class ChoiceForm(forms.Form):
    way = forms.ChoiceField(
        label=_("How do you want to be told?"), choices=Way.choices, widget=forms.RadioSelect
    )


def _page(request, form: ChoiceForm, status: int = 200):
    user = request.user
    before = request.GET.get("before", "")
    rows, more = reading.page(user, int(before) if before.isdigit() else None)
    for row in rows:
        row.headline = notices.headline(row)
        row.url = complaint_url(row.complaint.reference) if row.complaint_id else ""
    return render(
        request,
        "desk/notices/list.html",
        {
            "notices": rows,
            "more": more,
            "first_page": not before,
            "unread": any(r.read_at is None for r in rows),
            "form": form,
        },
        status=status,
    )


@desk_page
def notice_list(request):
    return _page(request, ChoiceForm(initial={"way": notices.way_of(request.user)}))


@require_POST
@desk_page
def mark_read(request, pk: int):
    """One's own notice only: another's is not found (404), as if it did not exist."""
    mine = reading.notices_of(request.user).filter(pk=pk)
    if not mine.exists():
        raise Http404(pk)
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("desk:notices")


@require_POST
@desk_page
def mark_all_read(request):
    reading.notices_of(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("desk:notices")


@require_POST
@desk_page
def choose(request):
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    notices.choose(request.user, form.cleaned_data["way"])
    return redirect("desk:notices")

"""The management reviews' pages (ISO 10002 8.6), for top management and the complaints
manager: the reviews, newest first; holding one (the pack as it would be frozen now can be
read first); a review — its frozen pack and SHA-256, who attended, its decisions and what
became of each."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upheld.web.once import recorded_once

from .. import access, records, selectors
from ..forms import DecisionForm, ReviewForm
from ..pack import review_pack
from .common import Refused, assurance_page, attempt, cursor, refused

HOLDERS = _("Only top management or the complaints manager holds reviews.")


@require_GET
@assurance_page
def review_list(request):
    reviews, more = selectors.reviews_page(request.user, cursor(request, "before"))
    return render(
        request,
        "assurance/reviews.html",
        {
            "reviews": reviews,
            "more": more,
            "first_page": cursor(request, "before") is None,
            "may_hold": access.may_hold_review(request.user),
        },
    )


def _period(request) -> tuple[date, date]:
    """The period asked for in the address (the pack's preview), else the last quarter."""
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return today.replace(day=1, month=((today.month - 1) // 3) * 3 + 1), today
    return (start, end) if start <= end else (end, start)


@require_http_methods(["GET", "POST"])
@assurance_page
@recorded_once
def review_new(request):
    if not access.may_hold_review(request.user):
        return refused(request, str(HOLDERS))
    start, end = _period(request)
    initial = {"start": start, "end": end, "held_on": timezone.localdate()}
    form = ReviewForm(request.POST or None, initial=initial)
    form.status = 400
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            review = attempt(request, form, lambda: records.hold_review(by=request.user, **data))
        except Refused as r:
            return r.response
        if review is not None:
            messages.success(request, _("The review is recorded, with its pack as it is now."))
            return redirect("assurance:review", review.pk)
    status = form.status if request.method == "POST" else 200
    return render(
        request, "assurance/review_new.html", {"form": form, "start": start, "end": end},
        status=status,
    )  # fmt: skip


@require_GET
@assurance_page
def pack_preview(request):
    """The pack a review of the period would freeze if held now."""
    start, end = _period(request)
    response = HttpResponse(review_pack(start, end), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="review-pack-{start}-{end}.pdf"'
    return response


def _review_or_404(request, pk: int, with_pack: bool = False):
    review = selectors.review_for(request.user, pk, with_pack=with_pack)
    if review is None:
        raise Http404(pk)
    return review


def _show(request, review, form=None, status: int = 200):
    return render(
        request,
        "assurance/review.html",
        {
            "review": review,
            "decisions": selectors.decisions_of(review),
            "may_hold": access.may_hold_review(request.user),
            "decision_form": form or DecisionForm(),
            "form": form,
        },
        status=status,
    )


@require_GET
@assurance_page
def review(request, review: int):
    return _show(request, _review_or_404(request, review))


@require_POST
@assurance_page
@recorded_once
def decision(request, review: int):
    found = _review_or_404(request, review)
    if not access.may_hold_review(request.user):
        return refused(request, str(HOLDERS))
    form = DecisionForm(request.POST)
    form.status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = attempt(
                request, form, lambda: records.record_decision(found, by=request.user, **data)
            )
        except Refused as r:
            return r.response
        if made is not None:
            messages.success(request, _("The decision is recorded and its action raised."))
            return redirect("assurance:review", found.pk)
    return _show(request, found, form, status=form.status)


@require_GET
@assurance_page
def pack(request, review: int):
    found = _review_or_404(request, review, with_pack=True)
    response = HttpResponse(bytes(found.pack), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="management-review-{found.held_on}-{found.pk}.pdf"'
    )
    response["X-Content-SHA256"] = found.pack_sha256
    return response

"""A complainant who lost the private link gets a new one (ISO 10002 7.3, 4.7): they give
the reference and the e-mail address or telephone number they gave us; a job (tasks.py)
sends a fresh link to the address we hold — by e-mail, or by letter when post is the only
way — and it replaces the old one.

Every well-formed request gets the same page after the same work — one counted hit per
limit and one job enqueued — whether the reference exists, the details match, or not: the
page cannot be used to learn which references exist or whose they are. Requests are limited
per client address and per reference given (429 past either)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upheld.core import throttle
from upheld.web import throttling

from .forms import RecoverForm
from .tasks import contact_digest, recover_link


def per_address() -> throttle.Limit:
    return throttling.rule("link-recovery", "UPHELD_LINK_RECOVERIES_PER_HOUR", 5)


@never_cache
@require_http_methods(["GET", "POST"])
def recover(request):
    if request.method == "GET":
        sent = request.GET.get("sent") == "1"
        return render(request, "portal/recover.html", {"form": RecoverForm(), "sent": sent})
    limit = per_address()
    if not throttle.hit(limit, throttle.client_key(request)):
        return throttling.refused(request, limit)
    form = RecoverForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/recover.html", {"form": form}, status=400)
    reference = form.cleaned_data["reference"]
    per_reference = throttle.Limit("link-recovery-reference", limit.limit, limit.per)
    if not throttle.hit(per_reference, throttle.keyed(f"reference:{reference}")):
        return throttling.refused(request, per_reference)
    recover_link.enqueue(reference, contact_digest(form.cleaned_data["contact"]))
    return redirect(f"{reverse('portal:recover')}?sent=1")

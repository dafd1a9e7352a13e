"""Public pages of the web channel: how to complain (ISO 10002 7.1, 4.2), the complaint form
(7.2, 4.3, 4.6) and its confirmation (7.4). Thin: the lifecycle records the complaint."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import RemedyKind
from upheld.deadlines import published
from upheld.notify.outbox import tracking_url
from upheld.organisation.models import Organisation, PolicyVersion
from upheld.web import formtoken, lifecycle_errors

from . import held, submissions
from .forms import PublicComplaintForm
from .models import HeldFile


def how_to_complain(request):
    """ISO 10002 7.1 a–g, generated from the organisation's settings."""
    org = Organisation.current()
    return render(
        request,
        "intake_web/how.html",
        {
            "org": org,
            "external_bodies": list(org.external_bodies.all()),
            "remedies": org.remedies_list() or [str(label) for label in RemedyKind.labels],
            "information": org.information_list(),
            "targets": published.targets(),
        },
    )


def privacy_notice(request):
    return render(request, "intake_web/privacy.html", {"org": Organisation.current()})


def complaints_policy(request):
    """ISO 10002 5.2: the current complaints-handling policy, in the visitor's language."""
    policy = PolicyVersion.current(get_language() or settings.LANGUAGE_CODE)
    return render(
        request, "intake_web/policy.html", {"org": Organisation.current(), "policy": policy}
    )


def held_files(token: str):
    return list(HeldFile.objects.filter(token=token).only("pk", "filename")) if token else []


def hold(request, token: str, form, *, genuine: bool) -> None:
    """Keep the files that passed while the person fixes the rest of the form — only for a
    form this site gave this browser (a post made without it stores nothing), within the
    address's quota of held bytes (held.py); the worker deletes them after HELD_FOR."""
    keep = set(form.data.getlist("keep_held")) if form.is_bound else set()
    HeldFile.objects.filter(token=token).exclude(pk__in=[k for k in keep if k.isdigit()]).delete()
    client = submissions.client_key(request)
    refused = [] if genuine else list(form.accepted_files)
    for f in form.accepted_files if genuine else []:
        if not held.within_quota(client, len(f.content)):
            refused.append(f)
            continue
        HeldFile.objects.create(
            token=token,
            client=client,
            filename=f.filename[:255],
            content_type=f.content_type,
            content=f.content,
            size=len(f.content),
            at=timezone.now(),
        )
    if refused and "attachments" in form.fields:
        form.add_error("attachments", held.not_kept(refused))
    form.accepted_files = []
    form.held_files = held_files(token)
    form.fields["keep_held"].choices = [(str(h.pk), h.filename) for h in form.held_files]
    form.data = form.data.copy()
    form.data.setlist("keep_held", [str(h.pk) for h in form.held_files])


def kept_files(token: str, form) -> list[IncomingFile]:
    keep = [int(k) for k in form.cleaned_data.get("keep_held") or [] if str(k).isdigit()]
    return [
        IncomingFile(h.filename, bytes(h.content), h.content_type)
        for h in HeldFile.objects.filter(token=token, pk__in=keep)
    ]


def run_form(
    request,
    form_class,
    *,
    receive_kwargs: dict,
    template: str,
    context: dict,
    done_url: str,
    spam_check: bool,
    limit=None,
):
    """The GET form and the POST/redirect/GET cycle shared by the public form and staff entry.

    `limit(request)` may answer instead (rate limiting) for a POST that is not a repeat."""
    if request.method == "GET":
        form = form_class(initial={"form_token": formtoken.issue(request)})
        return render(request, template, {**context, "form": form})
    token, issued = formtoken.posted(request)
    first = submissions.earlier(token) if issued else None
    if first is not None:  # double click or resubmitted form: the first result
        submissions.remember(request, first)
        return redirect(done_url)
    if limit is not None and (refused := limit(request)) is not None:
        return refused
    if not issued:
        token = formtoken.issue(request)
    data = request.POST.copy()
    data["form_token"] = token
    form = form_class(data, request.FILES, held_files=held_files(token))
    if spam_check and data.get("website", "").strip():
        submissions.record_spam(request, token)
        return render(request, "intake_web/thanks.html", {"org": Organisation.current()})
    if form.is_valid():
        try:
            submission, _ = submissions.submit(
                request,
                token,
                lambda: lifecycle.receive(
                    **receive_kwargs, **form.receive_kwargs(kept_files(token, form))
                ),
                limited=limit is not None,
            )
        except submissions.RateLimited:
            return too_many(request)
        except InvalidInput as exc:
            lifecycle_errors.apply(form, exc)
        else:
            HeldFile.objects.filter(token=token).delete()
            submissions.remember(request, submission)
            return redirect(done_url)
    hold(request, token, form, genuine=issued)
    return render(request, template, {**context, "form": form})


def show_receipt(request, *, template: str, form_url: str):
    """The confirmation after a form: the reference and, once, the private tracking link."""
    submission = submissions.remembered(request)
    if submission is None or submission.complaint is None:
        return redirect(form_url)
    secret = submissions.take_secret(submission)
    return render(
        request,
        template,
        {
            "org": Organisation.current(),
            "targets": published.targets(),
            "complaint": submission.complaint,
            "tracking_url": tracking_url(secret) if secret else "",
        },
    )


def rate_limit(request):
    """The 429 page when this address made its allowed submissions this hour."""
    return too_many(request) if submissions.rate_limited(request) else None


def too_many(request):
    response = render(
        request,
        "intake_web/rate_limited.html",
        {"org": Organisation.current(), "limit": settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR},
        status=429,
    )
    response["Retry-After"] = "3600"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def complain(request):
    """ISO 10002 7.2: the public complaint form; no account, free of charge (4.3, 4.6)."""
    return run_form(
        request,
        PublicComplaintForm,
        receive_kwargs={"channel": "web", "by": None},
        template="intake_web/complain.html",
        context={"org": Organisation.current()},
        done_url="intake_web:received",
        spam_check=True,
        limit=rate_limit,
    )


@never_cache
def received(request):
    """ISO 10002 7.4 on the page: the reference, what happens next, the deadline, and the
    private tracking link, shown once."""
    return show_receipt(
        request, template="intake_web/received.html", form_url="intake_web:complain"
    )

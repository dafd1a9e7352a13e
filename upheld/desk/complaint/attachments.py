"""A complaint's file, for staff who may read the complaint (ISO 10002 4.7): opened through
the same rule as the page (access.py), each opening recorded (models.AttachmentRead).

Whatever a file claims to be, the browser is told not to guess its type (nosniff), and to
treat it as a sandboxed document (CSP sandbox: no scripts, no same origin) if it is opened
as one. Only pictures and PDFs are shown in the browser; anything else is downloaded."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from upheld.complaints.models import Attachment

from .access import open_complaint
from .models import AttachmentRead
from .reading import shown_inline


@never_cache
@login_required
@require_GET
def attachment(request, reference: str, attachment: int):
    complaint = open_complaint(request, reference)
    found = Attachment.objects.filter(pk=attachment, complaint=complaint).first()
    if found is None or not found.file:  # unknown, another complaint's, or erased
        raise Http404(str(attachment))
    inline = shown_inline(found) and request.GET.get("inline") == "1"
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(str(attachment)) from None
    AttachmentRead.objects.create(
        attachment=found, reader=request.user, at=timezone.now(), inline=inline
    )
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=found.filename or f"file-{found.pk}",
        content_type=found.content_type if inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return response

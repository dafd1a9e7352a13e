"""How every page of one complaint opens it: through the viewer-aware selector
(complaints.selectors), so one rule (complaints.visibility) decides. A complaint the viewer
may not read is answered as one that does not exist (404: a reference is no secret, its
existence is not told); someone who may read no complaint at all is refused (403)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upheld.complaints import selectors
from upheld.complaints.errors import NotPermitted
from upheld.complaints.models import Complaint


def open_complaint(
    request, reference: str, *, with_trail: bool = False, with_clocks: bool = False
) -> Complaint:
    try:
        return selectors.complaint_detail(
            request.user, reference, with_trail=with_trail, with_clocks=with_clocks
        )
    except Complaint.DoesNotExist:
        raise Http404(reference) from None
    except NotPermitted as refused:
        raise PermissionDenied(str(refused)) from None

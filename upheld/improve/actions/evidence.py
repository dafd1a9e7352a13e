"""Evidence that an action was carried out (ISO 10002 8.7, 8.5): files checked as a
complaint's are (type from the content, size, no web page code; complaints.filetypes),
stored under their SHA-256, which is kept beside them and in the step, so the evidence can
be shown unaltered. The file is written inside the transaction, and deleted if it fails."""

import hashlib
import posixpath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints import filetypes
from upheld.complaints.errors import InvalidInput

from .. import access
from ..models import Action, ActionState, Evidence
from .common import NotNow, refuse, step


def _name(digest: str, filename: str) -> str:
    base = posixpath.basename(filename.replace("\\", "/")).lstrip(".") or "file"
    return f"{digest[:16]}-{base[-80:]}"


def add_evidence(action, *, by, filename: str, content: bytes) -> Evidence:
    """Attach a file to an action not yet closed (its owner or a manager)."""
    filename = (filename or "").strip()[:255] or "file"
    try:
        kind = filetypes.check(filename, content)
    except ValueError as e:
        raise InvalidInput({"file": str(e)}) from None
    digest = hashlib.sha256(content).hexdigest()
    storage = Evidence._meta.get_field("file").storage
    written = None
    try:
        with transaction.atomic():
            a = Action.objects.select_for_update().filter(pk=getattr(action, "pk", action)).first()
            if a is None:
                raise InvalidInput({"action": _("No such action.")})
            if not access.may_report_done(by, a):
                raise refuse(
                    _("Only the action's owner or the complaints manager may add evidence.")
                )
            if a.state == ActionState.CLOSED:
                raise NotNow(_("The action is closed; its evidence is kept as it was."))
            ev = Evidence(
                action=a,
                filename=filename,
                content_type=kind,
                size=len(content),
                sha256=digest,
                added_by=by,
                added_at=timezone.now(),
            )
            ev.file.save(_name(digest, filename), ContentFile(content), save=False)
            written = ev.file.name
            ev.save()
            step("action", a.pk, "evidence_added", by, {"filename": filename, "sha256": digest})
    except BaseException:
        if written:
            storage.delete(written)
        raise
    return ev

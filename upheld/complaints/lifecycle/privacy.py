"""ISO 10002 4.7 (confidentiality; personal information protected) and the right to erasure
(GDPR art. 17): a complaint's personal data is erased, its record and trail kept.

What stays: the reference, the dates, the states and the classification, the outcome, the
kinds and amounts of remedies, staff and their moves, and the hash chain of the trail, which
still verifies (the personal data was never in it: events.py). What goes: the complainant's
and representative's details, every free text written by or about them (description,
product, remedy sought, decision reasons, remedy notes, referral notes, correspondence,
messages sent), attachment files and their names, the trail's side rows and the
complaint's key. The external reference is kept: it is the other system's identifier, not
the person's, and an import needs it to take a record once only.
"""

from typing import Any

from django.db.models import Q
from django.dispatch import Signal

from upheld.notify.models import Message, Notice

from .. import events
from ..models import (
    Attachment,
    Complaint,
    Correspondence,
    Decision,
    EventKind,
    ExternalReferral,
    Person,
    Remedy,
    Task,
)
from ._machine import _locked, _require_text

# Sent inside the move's transaction, for what other apps keep of the complaint (webhook
# payloads in the API app, which the core may not import).
personal_data_erased = Signal()  # sender=Complaint, complaint=…

ERASED: dict[type, dict[str, Any]] = {
    Complaint: {
        "description": "",
        "product": "",
        "remedy_sought": "",
        "immediate_action": "",
        "people_involved": "",
        "representative_authority": "",
        "secret_hash": "",  # the tracking link opens nothing any more
    },
    Person: {
        "name": "",
        "organisation": "",
        "email": "",
        "phone": "",
        "postal_address": "",
        "accessibility_needs": "",
    },
    Decision: {"reasons": ""},
    Remedy: {"description": "", "state_note": ""},
    ExternalReferral: {"case_reference": "", "note": ""},
    Correspondence: {"sender": "", "subject": "", "body": "", "external_id": ""},
    Attachment: {"filename": "", "sha256": "", "file": ""},
    Message: {"to": "", "subject": "", "body": "", "context": {}, "pending_secret": ""},
    Notice: {"context": {}},  # a staff notice may quote the complainant's reason
    Task: {"title": "", "outcome": ""},
}


def anonymise(complaint, *, by, reason: str) -> Complaint:
    """Erase the complaint's personal data (see the module's docstring) and record that it
    was done, why and by whom in the trail. `reason` is staff's reason for the record (a
    retention period ended, the complainant asked): write no personal data in it."""
    _require_text(reason=reason)
    with _locked(complaint, "anonymise", by) as (c, actor):
        files = _erase_records(c)
        erased = events.forget(c)
        personal_data_erased.send(sender=Complaint, complaint=c)
        events.append(
            c,
            EventKind.ANONYMISED,
            actor,
            {"reason": reason.strip(), "side_rows_erased": erased, "files_erased": len(files)},
        )
        storage = Attachment._meta.get_field("file").storage
        for name in files:  # last: a failure before leaves the files with their rows
            storage.delete(name)
    return c


def _erase_records(c: Complaint) -> list[str]:
    """Blank the personal fields of the complaint's rows; return the files to delete."""
    for person_id in filter(None, (c.complainant_id, c.representative_id)):
        _erase_person(c, person_id)
    Complaint.objects.filter(pk=c.pk).update(**ERASED[Complaint])
    for name, value in ERASED[Complaint].items():
        setattr(c, name, value)
    Decision.objects.filter(complaint=c).update(**ERASED[Decision])
    Remedy.objects.filter(decision__complaint=c).update(**ERASED[Remedy])
    ExternalReferral.objects.filter(complaint=c).update(**ERASED[ExternalReferral])
    Correspondence.objects.filter(complaint=c).update(**ERASED[Correspondence])
    attachments = Attachment.objects.filter(complaint=c)
    files = [name for name in attachments.values_list("file", flat=True) if name]
    attachments.update(**ERASED[Attachment])
    Message.objects.filter(complaint=c).update(**ERASED[Message])
    Notice.objects.filter(complaint=c).update(**ERASED[Notice])
    Task.objects.filter(complaint=c).update(**ERASED[Task])
    return files


def _erase_person(c: Complaint, person_id: int) -> None:
    """A person who is party to another complaint too keeps their details there: this
    complaint then points at a blank person of its own instead."""
    shared = (
        Complaint.objects.filter(Q(complainant_id=person_id) | Q(representative_id=person_id))
        .exclude(pk=c.pk)
        .exists()
    )
    if not shared:
        Person.objects.filter(pk=person_id).update(**ERASED[Person])
        return
    blank = Person.objects.create(**ERASED[Person])
    field = "complainant" if c.complainant_id == person_id else "representative"
    Complaint.objects.filter(pk=c.pk).update(**{field: blank})
    setattr(c, field, blank)

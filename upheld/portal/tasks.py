"""The lost link, looked up by the worker (ISO 10002 7.3, 4.7). The recovery page only
enqueues this job, whatever it was given, so every request takes the same work and the same
time and says the same thing; whether the details match a complaint is decided here, where
nobody waits for the answer."""

import re

from django.conf import settings
from django_tasks import task

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import Complaint
from upheld.core import throttle

PHONE_DIGITS = 9  # a national number's last digits: "+44 7700 900123" is "07700 900123"


def contact_digest(value: str) -> str:
    """A keyed digest of an e-mail address or a telephone number as a person may type it
    (case, spaces, a country code): the job's row holds no contact detail."""
    value = value.strip().lower()
    if "@" in value:
        return throttle.keyed(f"email:{value}")
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return ""
    return throttle.keyed(f"phone:{digits[-PHONE_DIGITS:]}")


def per_complaint() -> throttle.Limit:
    return throttle.Limit(
        "link-recovery-complaint",
        int(getattr(settings, "UPHELD_LINK_RECOVERIES_PER_DAY", 3)),
        86400,
    )


@task()
def recover_link(reference: str, digest: str) -> str:
    """Send a new private link when the reference and the contact detail match a complaint
    (lifecycle.issue_link: to the complainant's own address, never to the asker). The
    result is for the worker's log only."""
    complaint = Complaint.objects.filter(reference=reference).select_related("complainant").first()
    if complaint is None or not digest:
        return "no match"
    person = complaint.complainant
    known = {contact_digest(person.email) if person.email else "", contact_digest(person.phone)}
    if digest not in known - {""}:
        return "no match"
    if not throttle.hit(per_complaint(), throttle.keyed(f"complaint:{complaint.pk}")):
        return "limit reached"
    try:
        lifecycle.issue_link(complaint, by=COMPLAINANT, note="recovery page")
    except InvalidInput:
        return "no address to send it to"
    return "sent"

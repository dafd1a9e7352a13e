"""ISO 10002 7.2: a quarantined e-mail that is a complaint after all can be taken by a
person with a complaint-handling role; nothing kept aside is lost for good."""

import pytest

from upheld.complaints.errors import IllegalMove, InvalidInput, NotPermitted
from upheld.complaints.models import Complaint
from upheld.intake.mail.fetch import fetch_mail
from upheld.intake.mail.models import QuarantinedMail
from upheld.intake.mail.release import take_anyway

from . import messages

pytestmark = pytest.mark.django_db


def test_a_handler_takes_an_automatic_message_as_a_complaint_once(mailbox, handler):
    mailbox.deliver(messages.auto_reply(sender="Dee <dee@example.org>"))
    fetch_mail()
    kept = QuarantinedMail.objects.get()

    complaint = take_anyway(kept, by=handler)

    assert complaint.channel == "email" and complaint.received_by == handler
    assert complaint.complainant.email == "dee@example.org"
    assert complaint.received_at == kept.at
    kept.refresh_from_db()
    assert (kept.complaint, kept.released_by) == (complaint, handler)
    with pytest.raises(IllegalMove, match=f"already taken as {complaint.reference}"):
        take_anyway(kept, by=handler)
    assert Complaint.objects.count() == 1


def test_only_complaint_handlers_may_take_one_and_only_when_it_was_kept_whole(
    mailbox, make_user, handler, settings
):
    mailbox.deliver(messages.auto_reply())
    fetch_mail()
    settings.UPHELD_IMAP_QUARANTINE_KEEP_BYTES = 100
    mailbox.deliver(messages.bounce())
    fetch_mail()
    whole, cut = QuarantinedMail.objects.order_by("at", "pk")
    assert (whole.truncated, cut.truncated) == (False, True)

    with pytest.raises(NotPermitted):
        take_anyway(whole, by=make_user(role=None))
    with pytest.raises(InvalidInput, match="Only part of this message was kept"):
        take_anyway(cut, by=handler)
    assert Complaint.objects.count() == 0


def test_the_admin_lists_kept_messages_and_takes_one_as_a_complaint(mailbox, client, make_user):
    mailbox.deliver(messages.auto_reply(sender="Dee <dee@example.org>"))
    fetch_mail()
    kept = QuarantinedMail.objects.get()
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = "/admin/intake_mail/quarantinedmail/"

    listing = client.get(url)
    assert "Auto-Submitted: auto-replied" in listing.content.decode()
    done = client.post(url, {"action": "take_anyway", "_selected_action": [kept.pk]}, follow=True)

    complaint = Complaint.objects.get()
    assert f"Dee &lt;dee@example.org&gt;: {complaint.reference}" in done.content.decode()
    assert complaint.received_by == staff

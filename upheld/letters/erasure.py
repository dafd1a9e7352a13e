"""A complaint's letters lose their personal data when the complaint is anonymised (ISO
10002 4.7; lifecycle.anonymise sends `personal_data_erased`): the recipient, the text, the
PDF, the facts and any secret go; what is left says a letter of that kind went by that
channel, from that template version, when — and the digests of what it said."""

from .models import Letter

ERASED = {
    "recipient_name": "",
    "recipient_address": "",
    "subject": "",
    "body": "",
    "pdf": b"",
    "context": {},
    "enclosures": [],
    "pending_secret": "",
}


def on_personal_data_erased(sender, complaint, **kwargs):
    Letter.objects.filter(complaint=complaint).update(**ERASED)

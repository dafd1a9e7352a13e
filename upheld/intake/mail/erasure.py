"""What the mail intake keeps of a complaint loses its personal data when the complaint is
anonymised (ISO 10002 4.7; lifecycle.anonymise sends `personal_data_erased`). The
Message-IDs stay: they keep a message from being taken twice."""

from .models import ProcessedMail, QuarantinedMail


def on_personal_data_erased(sender, complaint, **kwargs):
    ProcessedMail.objects.filter(complaint=complaint).update(sender="", subject="")
    QuarantinedMail.objects.filter(complaint=complaint).update(
        sender="", subject="", raw=b"", reason=""
    )

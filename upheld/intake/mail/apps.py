from django.apps import AppConfig


class MailIntakeConfig(AppConfig):
    name = "upheld.intake.mail"
    label = "intake_mail"
    verbose_name = "Intake: e-mail in"

    def ready(self):
        from django.conf import settings

        from upheld.complaints.lifecycle.privacy import personal_data_erased
        from upheld.core import periodic

        from .erasure import on_personal_data_erased

        personal_data_erased.connect(on_personal_data_erased, dispatch_uid="intake.mail.erasure")

        # ISO 10002 7.2: mail is read by every `upheld worker` while a mailbox is set up.
        # Safe to run beside itself: a Message-ID is taken once (ProcessedMail is unique).
        periodic.register(
            "fetch-mail",
            "upheld.intake.mail.fetch.run_periodic",
            every_seconds=settings.UPHELD_IMAP_POLL_SECONDS,
            enabled=lambda: bool(settings.UPHELD_IMAP_HOST),
        )

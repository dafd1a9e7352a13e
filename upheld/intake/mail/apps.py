from django.apps import AppConfig


class MailIntakeConfig(AppConfig):
    name = "upheld.intake.mail"
    label = "intake_mail"
    verbose_name = "Intake: e-mail in"

    def ready(self):
        from django.conf import settings

        from upheld.core import periodic

        # ISO 10002 7.2: mail is read by every `upheld worker` while a mailbox is set up.
        # Safe to run beside itself: a Message-ID is taken once (ProcessedMail is unique).
        periodic.register(
            "fetch-mail",
            "upheld.intake.mail.fetch.run_periodic",
            every_seconds=settings.UPHELD_IMAP_POLL_SECONDS,
            enabled=lambda: bool(settings.UPHELD_IMAP_HOST),
        )

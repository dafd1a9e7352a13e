from django.apps import AppConfig


class MailIntakeConfig(AppConfig):
    name = "upheld.intake.mail"
    label = "intake_mail"
    verbose_name = "Intake: e-mail in"

from django.apps import AppConfig


class WebIntakeConfig(AppConfig):
    name = "upheld.intake.web"
    label = "intake_web"
    verbose_name = "Intake: web form, how to complain, staff entry"

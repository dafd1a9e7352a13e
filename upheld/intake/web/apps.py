from django.apps import AppConfig


class WebIntakeConfig(AppConfig):
    name = "upheld.intake.web"
    label = "intake_web"
    verbose_name = "Intake: web form, how to complain, staff entry"

    def ready(self):
        from upheld.core import periodic

        # Files held for a form never sent again are deleted (intake/web/held.py).
        periodic.register("sweep-held-files", "upheld.intake.web.held.sweep", every_seconds=600)

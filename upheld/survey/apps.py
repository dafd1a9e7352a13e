from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "upheld.survey"
    label = "survey"
    verbose_name = "Satisfaction with the complaints-handling process"

    def ready(self):
        from upheld.core import periodic

        # ISO 10002 8.3, ISO 10004: closed complaints are invited once, and reminded once;
        # both idempotent (one invitation per complaint, taken under a unique index).
        periodic.register("survey-invitations", "upheld.survey.invitations.run", every_seconds=300)

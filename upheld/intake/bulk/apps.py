from django.apps import AppConfig


class BulkIntakeConfig(AppConfig):
    name = "upheld.intake.bulk"
    label = "intake_bulk"
    verbose_name = "Intake: bulk import"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImproveConfig(AppConfig):
    name = "upheld.improve"
    label = "improve"
    verbose_name = _("Continual improvement")

    def ready(self) -> None:
        from upheld.core import periodic

        # Reminders before an action's due date, escalation after it, and the effectiveness
        # checks that have come due (ISO 10002 8.7): idempotent, safe beside itself.
        periodic.register("improve-due", "upheld.improve.actions.due.run", every_seconds=300)

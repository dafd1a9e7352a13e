from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "upheld.deadlines"
    label = "deadlines"
    verbose_name = _("Time limits")

    def ready(self):
        from upheld.core import localtime

        from .models import Calendar

        # Pages and messages show instants in the business calendar's zone.
        localtime.register(lambda: Calendar.organisation().tz)

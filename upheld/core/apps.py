from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "upheld.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from .auth import watch_permissions

        watch_permissions()

        from . import periodic

        periodic.register("purge-throttles", "upheld.core.throttle.purge", every_seconds=3600)

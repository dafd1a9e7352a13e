from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "upheld.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import periodic
        from .auth import watch_permissions

        watch_permissions()
        periodic.register("purge-throttles", "upheld.core.throttle.purge", every_seconds=3600)
        # ISO 10002 4.4: a job left running by a worker that died is marked failed (and
        # its outbox item sent again by the outbox sweeps).
        periodic.register("reconcile-jobs", "upheld.core.workers.reconcile_jobs", every_seconds=15)

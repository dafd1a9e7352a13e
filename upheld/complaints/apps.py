from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "upheld.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)

        from . import receivers

        receivers.connect()

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "upheld.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_migrate

        from upheld.core import periodic

        from . import receivers
        from .roles import ensure_roles, sync_staff_flag

        post_migrate.connect(ensure_roles, sender=self)
        m2m_changed.connect(
            sync_staff_flag,
            sender=get_user_model().groups.through,
            dispatch_uid="complaints.sync_staff_flag",
        )
        receivers.connect()
        # ISO 10002 4.7: files of complaints never recorded are deleted (files.py).
        periodic.register(
            "sweep-unrecorded-files", "upheld.complaints.files.sweep_unrecorded", every_seconds=3600
        )

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "upheld.complaints"
    label = "complaints"
    verbose_name = "Complaints"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_migrate

        from upheld.core import lookups, periodic

        from . import receivers, search
        from .lifecycle.privacy import personal_data_erased
        from .models import Category, RoutingRule
        from .roles import ensure_roles, sync_staff_flag

        post_migrate.connect(ensure_roles, sender=self)
        # SQLite drops a table's triggers when a migration rebuilds it: search.py's come back.
        post_migrate.connect(search.ensure_sqlite_index, sender=self)
        m2m_changed.connect(
            sync_staff_flag,
            sender=get_user_model().groups.through,
            dispatch_uid="complaints.sync_staff_flag",
        )
        receivers.connect()
        personal_data_erased.connect(search.forget_erased, dispatch_uid="complaints.search")
        # routing.team_for and categories.tree keep them per process
        lookups.watch(RoutingRule, Category)
        # ISO 10002 4.7: files of complaints never recorded are deleted (files.py).
        periodic.register(
            "sweep-unrecorded-files", "upheld.complaints.files.sweep_unrecorded", every_seconds=3600
        )
        # ISO 10002 4.4, 7.3: the clocks' reminders, updates and escalations, each at its
        # instant (to the minute), exactly once however many workers run (alerts.py).
        periodic.register(
            "clock-points", "upheld.complaints.lifecycle.alerts.run_due_points", every_seconds=60
        )

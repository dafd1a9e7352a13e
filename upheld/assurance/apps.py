from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssuranceConfig(AppConfig):
    name = "upheld.assurance"
    label = "assurance"
    verbose_name = _("Assurance")

    def ready(self):
        from django.db.models.signals import post_migrate

        from upheld.complaints.roles import ensure_roles

        # The roles get the audits' and reviews' permissions once they exist.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="upheld.assurance.roles")

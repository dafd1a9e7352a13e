from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "upheld.organisation"
    label = "organisation"
    verbose_name = "Organisation"

    def ready(self):
        from upheld.core import lookups

        from .models import Organisation

        lookups.watch(Organisation)  # Organisation.current() is kept per process

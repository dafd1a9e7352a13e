from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "upheld.organisation"
    label = "organisation"
    verbose_name = "Organisation"

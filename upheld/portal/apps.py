from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "upheld.portal"
    label = "portal"
    verbose_name = "Complainant portal"

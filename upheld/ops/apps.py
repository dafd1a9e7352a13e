from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "upheld.ops"
    label = "ops"
    verbose_name = "Operations"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "upheld.core"
    label = "core"
    verbose_name = "Core"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "upheld.demo"
    label = "demo"
    verbose_name = "Demo data"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "upheld.api"
    label = "api"
    verbose_name = "API"

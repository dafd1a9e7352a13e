from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "upheld.web"
    label = "web"
    verbose_name = "Site"

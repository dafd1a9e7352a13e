from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "upheld.notify"
    label = "notify"
    verbose_name = "Messages"

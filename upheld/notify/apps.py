from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "upheld.notify"
    label = "notify"
    verbose_name = "Messages"

    def ready(self):
        from upheld.core import periodic

        from . import delivery  # noqa: F401 — declares the outbox of messages

        # ISO 10002 4.4: a message whose worker died mid-send, or whose job was lost, is
        # found and sent again (sweep is idempotent; see delivery.sweep).
        periodic.register("sweep-outbox", "upheld.notify.delivery.sweep", every_seconds=15)

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "upheld.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from django.db.models.signals import post_save

        from upheld.complaints.models import Event

        from . import webhooks

        post_save.connect(
            webhooks.on_event_appended, sender=Event, dispatch_uid="upheld.api.webhooks"
        )
        from upheld.complaints.lifecycle.privacy import personal_data_erased

        from .erasure import on_personal_data_erased

        personal_data_erased.connect(on_personal_data_erased, dispatch_uid="upheld.api.erasure")
        from upheld.core import lookups, periodic

        from .models import ApiToken, WebhookSubscription

        # Kept per process (auth.py, webhooks.subscribers): dropped everywhere on a change.
        lookups.watch(ApiToken, WebhookSubscription)

        # A delivery whose worker died mid-send, or whose retry job was lost, is sent again.
        periodic.register("sweep-webhooks", "upheld.api.webhooks.sweep", every_seconds=15)
        # Idempotency keys are kept a day: long enough for any client's retries.
        periodic.register(
            "purge-idempotency-keys", "upheld.api.idempotency.purge", every_seconds=3600
        )

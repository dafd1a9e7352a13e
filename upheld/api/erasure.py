"""What the API keeps of a complaint loses its personal data when the complaint is
anonymised (ISO 10002 4.7; lifecycle.anonymise sends `personal_data_erased`)."""

from upheld.complaints.events import data_of

from .models import IdempotencyKey, WebhookDelivery


def on_personal_data_erased(sender, complaint, **kwargs):
    """Webhook payloads keep only the chained data of their event (the personal part now
    reads as erased); a stored first answer to POST /complaints is forgotten."""
    deliveries = WebhookDelivery.objects.filter(event__complaint=complaint).select_related("event")
    for delivery in deliveries:
        delivery.payload["event"]["data"] = data_of(delivery.event)
        delivery.save(update_fields=["payload"])
    IdempotencyKey.objects.filter(response__reference=complaint.reference).delete()

"""The complaint side of message delivery: a delivered acknowledgement acknowledges (7.4);
a message that failed for good lands in the trail, where handlers see it."""

from upheld.notify.signals import message_delivered, message_failed

from . import events
from .actors import SYSTEM
from .models import Complaint


def on_delivered(sender, message, **kwargs):
    if message.complaint_id is None:
        return
    if message.kind == "acknowledgement":
        from . import lifecycle

        complaint = Complaint.objects.get(pk=message.complaint_id)
        if complaint.acknowledged_at is None and complaint.is_open:
            lifecycle.acknowledge(complaint, by=SYSTEM, method="email",
                                  note=f"message {message.message_id}")


def on_failed(sender, message, **kwargs):
    if message.complaint_id is None:
        return
    complaint = Complaint.objects.select_for_update().get(pk=message.complaint_id)
    events.append(complaint, "message_failed", SYSTEM, {
        "message_id": message.message_id, "kind": message.kind, "to": message.to,
        "attempts": message.attempts, "error": message.last_error})


def connect():
    message_delivered.connect(on_delivered, dispatch_uid="complaints.on_delivered")
    message_failed.connect(on_failed, dispatch_uid="complaints.on_failed")

"""The complaint side of message delivery: a delivered acknowledgement acknowledges (7.4);
a message that failed for good lands in the trail, where handlers see it."""

from upheld.notify.signals import message_delivered, message_failed

from .actors import SYSTEM
from .errors import IllegalMove


def on_delivered(sender, message, **kwargs):
    """ISO 10002 7.4: a delivered acknowledgement acknowledges the complaint, unless it is
    already acknowledged (say by telephone) or no longer open. The lifecycle decides that
    under the complaint's lock; a check here, before the lock, would race a handler
    acknowledging at the same moment and fail the delivery job."""
    if message.complaint_id is None or message.kind != "acknowledgement":
        return
    from . import lifecycle

    try:
        lifecycle.acknowledge(
            message.complaint, by=SYSTEM, method="email", note=f"message {message.message_id}"
        )
    except IllegalMove:
        pass  # already acknowledged, or closed meanwhile: nothing left to record


def on_failed(sender, message, **kwargs):
    """ISO 10002 7.3: a message that failed for good lands in the complaint's trail, by the
    lifecycle's move (under the complaint's lock, whatever its state)."""
    if message.complaint_id is None:
        return
    from . import lifecycle

    lifecycle.record_message_failure(
        message.complaint_id,
        by=SYSTEM,
        message_id=message.message_id,
        kind=message.kind,
        to=message.to,
        attempts=message.attempts,
        error=message.last_error,
    )


def connect():
    message_delivered.connect(on_delivered, dispatch_uid="complaints.on_delivered")
    message_failed.connect(on_failed, dispatch_uid="complaints.on_failed")

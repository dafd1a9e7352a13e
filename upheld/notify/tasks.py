from django_tasks import task

from . import delivery


@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    """Deliver one stored message (retried with back-off by `delivery.deliver`)."""
    return delivery.deliver(message_id)

from django_tasks import task

from . import delivery


@task(queue_name="mail")
def deliver_message(message: int | str) -> str:
    """Deliver one stored message, named by pk or Message-ID (retried with back-off by
    `delivery.deliver`)."""
    return delivery.deliver(message)

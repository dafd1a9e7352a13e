from django_tasks import task

from . import webhooks


@task(queue_name="default")
def deliver_webhook(delivery_id: int) -> str:
    """Send one webhook delivery (retried with back-off by `webhooks.deliver`)."""
    return webhooks.deliver(delivery_id)

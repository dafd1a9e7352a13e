from django_tasks import task

from .outbox import outbox


@task()
def deliver(outbox_label: str, key: dict) -> str:
    """Deliver one outbox item (an e-mail message, a webhook delivery, …), named by its
    outbox's model label and a lookup; retried with back-off by `Outbox.deliver`."""
    return outbox(outbox_label).deliver(key)

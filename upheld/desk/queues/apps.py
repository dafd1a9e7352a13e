from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueuesConfig(AppConfig):
    """The desk's queues, home, saved views and bulk actions: an app of its own (label
    desk_queues) so its models and migrations are its own."""

    name = "upheld.desk.queues"
    label = "desk_queues"
    verbose_name = _("Desk queues")

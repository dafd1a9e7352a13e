from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskNoticesConfig(AppConfig):
    """Each person's notices on the desk (issue 9 point 7): the list, marking them read,
    and how each wants to be told. The notices are notify's (notify.notices.tell)."""

    name = "upheld.desk.notices"
    label = "desk_notices"
    verbose_name = _("Desk: notices")

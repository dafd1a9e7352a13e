from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskComplaintConfig(AppConfig):
    """One complaint's page and its moves: an app of its own (its label `desk_complaint`)
    because it keeps records of its own — who opened which attachment, which move form was
    already sent — beside the queues' (upheld.desk)."""

    name = "upheld.desk.complaint"
    label = "desk_complaint"
    verbose_name = _("Desk: one complaint")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskLettersConfig(AppConfig):
    """The desk's letters: a complaint's letters (write, preview, edit, send) and the post
    room (print, mark posted). An app of its own for its templates and URLs."""

    name = "upheld.desk.letters"
    label = "desk_letters"
    verbose_name = _("Desk: letters")

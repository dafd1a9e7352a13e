from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "upheld.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self):
        from upheld.complaints import correspondence
        from upheld.core import periodic
        from upheld.notify import delivery

        from . import mail, service, writer  # noqa: F401 — declares the letters' outbox

        # Every letter the lifecycle sends is written here (complaints/correspondence.py).
        correspondence.register(writer)

        # A letter whose worker died while producing it is produced again (outbox sweep).
        periodic.register("sweep-letters", "upheld.letters.service.sweep", every_seconds=30)
        # Letters asked for by post through notify (a new private link): printed here.
        periodic.register("print-pending-letters", "upheld.letters.pending.take", every_seconds=30)
        delivery.register_content(mail.content)

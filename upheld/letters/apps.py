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
        # An anonymised complaint's letters lose their personal data too.
        from upheld.complaints.lifecycle.privacy import personal_data_erased

        from .erasure import on_personal_data_erased

        personal_data_erased.connect(on_personal_data_erased, dispatch_uid="upheld.letters.erasure")
        # The roles get the letters' permissions once they exist (after this app migrates).
        from django.db.models.signals import post_migrate

        from upheld.complaints.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="upheld.letters.roles")

        # A letter whose worker died while producing it is produced again (outbox sweep).
        periodic.register("sweep-letters", "upheld.letters.service.sweep", every_seconds=30)
        delivery.register_content(mail.content)
        # A delivered message written from a template is kept as a letter (mail.E_MAILED).
        from upheld.notify.signals import message_delivered

        message_delivered.connect(mail.keep_delivered, dispatch_uid="upheld.letters.mail")

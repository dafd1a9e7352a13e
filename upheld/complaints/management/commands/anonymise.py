"""`upheld anonymise REFERENCE --reason "..."`: erase a complaint's personal data
(ISO 10002 4.7; lifecycle.anonymise), keeping its record and a trail that still verifies."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.errors import LifecycleError
from upheld.complaints.models import Complaint


class Command(BaseCommand):
    help = (
        "Erase a complaint's personal data (names, contact details, free text, attachments, "
        "messages) and record it in the trail; the trail still verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument(
            "--reason", required=True, help="why (kept in the trail: no personal data in it)"
        )
        parser.add_argument(
            "--by", help="username of the complaints manager erasing (default: Upheld itself)"
        )

    def handle(self, *args, reference, reason, by, **options):
        actor: object = SYSTEM
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"There is no user '{by}'.")
        try:
            lifecycle.anonymise(reference, by=actor, reason=reason)
        except Complaint.DoesNotExist:
            raise CommandError(f"No complaint with reference {reference}.") from None
        except LifecycleError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{reference}: personal data erased.")

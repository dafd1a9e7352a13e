"""`upheld import-complaints FILE.csv --format cfpb|generic` (ISO 10002 7.2, bulk intake)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from upheld.complaints.errors import LifecycleError
from upheld.intake.bulk.runner import BATCH_SIZE, FORMATS, ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Import complaints from a CSV file: the CFPB export, or any CSV with a JSON "
        "column mapping. Rows already imported are skipped; bad rows go to --rejects."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--format", choices=FORMATS, default="cfpb", dest="fmt")
        parser.add_argument("--mapping", help="JSON mapping file (generic format)")
        parser.add_argument("--rejects", help="write refused rows here, with line and reason")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--by", help="username of the complaints manager importing (default: Upheld itself)"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, fmt, mapping, rejects, batch_size, by, no_progress, **options):
        user = None
        if by:
            user = get_user_model().objects.filter(username=by).first()
            if user is None:
                raise CommandError(f"There is no user '{by}'.")
        try:
            summary = import_file(
                file,
                fmt=fmt,
                mapping=mapping,
                rejects=rejects,
                batch_size=batch_size,
                by=user,
                progress=not no_progress and options["verbosity"] > 0,
            )
        except (ImportRefused, LifecycleError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(summary))
        if summary.rejected:
            where = f" (see {rejects})" if rejects else " (give --rejects to see which and why)"
            self.stdout.write(f"{summary.rejected} rows were rejected{where}.")

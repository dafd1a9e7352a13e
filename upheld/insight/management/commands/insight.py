"""upheld insight run|check|rebuild: bring the summaries up to date past their watermark;
compare every complaint's kept facts with a recomputation (exit 1 when any differ); or make
them all again."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from upheld.complaints.models import Complaint
from upheld.insight import summaries


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "check", "rebuild"])

    def handle(self, *args, action, **options):
        if action == "run":
            self.stdout.write(f"{summaries.run_all()} complaints brought up to date.")
        elif action == "rebuild":
            bar = tqdm(total=Complaint.objects.count(), unit=" complaints", file=sys.stderr)
            n = summaries.rebuild(progress=bar.update)
            bar.close()
            self.stdout.write(f"{n} complaints' facts made again.")
        else:
            summaries.run_all()
            wrong = summaries.check()
            if wrong:
                self.stdout.write(f"{len(wrong)} complaints differ: {wrong[:20]}")
                sys.exit(1)
            self.stdout.write("The summaries equal a recomputation.")

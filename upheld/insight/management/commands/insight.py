"""upheld insight run|check|rebuild|rebuild-tallies: bring the summaries up to date past
their watermark; compare every complaint's kept facts with a recomputation from the trail,
and every kept tally with a recomputation from the facts (exit 1 when any differ); make them
all again; or make only the tallies again from the kept facts."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from upheld.complaints.models import Complaint
from upheld.insight import summaries, tallies


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "check", "rebuild", "rebuild-tallies"])

    def handle(self, *args, action, **options):
        if action == "run":
            self.stdout.write(f"{summaries.run_all()} complaints brought up to date.")
        elif action == "rebuild":
            bar = tqdm(total=Complaint.objects.count(), unit=" complaints", file=sys.stderr)
            n = summaries.rebuild(progress=bar.update)
            bar.close()
            self.stdout.write(f"{n} complaints' facts and their tallies made again.")
        elif action == "rebuild-tallies":
            bar = tqdm(unit=" tallies", file=sys.stderr)
            n = summaries.rebuild_tallies(progress=bar.update)
            bar.close()
            self.stdout.write(f"{n} tallies made again from the facts.")
        else:
            summaries.run_all()
            wrong = summaries.check()
            if wrong:
                self.stdout.write(f"{len(wrong)} complaints differ: {wrong[:20]}")
            cells = tallies.check()
            if cells:
                self.stdout.write(f"{len(cells)} tallies differ: {cells[:20]}")
            if wrong or cells:
                sys.exit(1)
            self.stdout.write("The summaries and the tallies equal a recomputation.")

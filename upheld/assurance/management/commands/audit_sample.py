"""upheld audit-sample --from DATE --to DATE --size N --seed S [--auditor USERNAME]: the
audit's random sample (ISO 10002 8.5), the same for the same seed; one reference a line,
with its stratum (channel, outcome, team), on standard output."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from upheld.assurance import sampling


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=_day)
        parser.add_argument("--to", dest="end", required=True, type=_day)
        parser.add_argument("--size", type=int, required=True)
        parser.add_argument("--seed", type=int, required=True)
        parser.add_argument("--auditor", help="leave out this auditor's own complaints")

    def handle(self, *args, start, end, size, seed, auditor, **options):
        if size < 1:
            raise CommandError("--size: give a number of complaints, at least 1")
        if end < start:
            raise CommandError("--to: the period ends before it starts")
        person = None
        if auditor:
            person = get_user_model().objects.filter(username=auditor).first()
            if person is None:
                raise CommandError(f"--auditor: no user named {auditor!r}")
        sample = sampling.draw(start, end, size, seed, auditor=person)
        for row in sample:
            self.stdout.write(f"{row.reference}\t{row.channel}\t{row.outcome}\t{row.team}")
        self.stderr.write(
            f"{len(sample)} complaints drawn with seed {seed} from {start} to {end}"
            + (f", none of {auditor}'s own" if auditor else "")
        )

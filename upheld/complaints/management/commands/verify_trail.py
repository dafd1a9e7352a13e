"""`upheld verify-trail`: check every complaint's hash-chained trail (ISO 10002 4.9, 8.1).

Exits 0 when every chain is intact and every complaint row agrees with its events;
otherwise exits 1 and names the first broken event (reference, position, event id, what is
wrong: an event altered, removed or reordered, or the first field of the complaint row that
its events contradict), then how many complaints are affected.

With `--checkpoint FILE` (written by `upheld trail-checkpoint`), it also checks the file's
signature and finds events removed or rolled back since the checkpoint was taken.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from upheld.complaints import checkpoint, verification
from upheld.complaints.models import Complaint

SHOWN = 20  # further broken chains listed after the first


class Command(BaseCommand):
    help = (
        "Verify the tamper-evident trail of every complaint (ISO 10002 4.9, 8.1); exit "
        "non-zero naming the first broken event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reference", help="check only the complaint with this reference")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="complaints read per query (default: %(default)s)",
        )
        parser.add_argument(
            "--checkpoint", help="a signed checkpoint: find events removed or rolled back since"
        )
        parser.add_argument(
            "--public-key",
            help="the key the checkpoint must be signed with (PEM; default: the signing key's)",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (it is shown only on a terminal anyway)",
        )

    def handle(
        self,
        *,
        reference=None,
        batch_size=500,
        no_progress=False,
        verbosity=1,
        checkpoint=None,
        public_key=None,
        **options,
    ):
        if checkpoint:
            self._since(checkpoint, public_key)
        if reference:
            return self._one(reference)
        total = Complaint.objects.count()
        show_bar = not no_progress and verbosity > 0 and sys.stderr.isatty()
        checked = events_checked = 0
        breaks: list[verification.Break] = []
        broken = 0
        with tqdm(
            total=total, unit="complaint", disable=not show_bar, desc="Verifying trail"
        ) as bar:
            for complaint, found in verification.verify_all(batch=batch_size):
                checked += 1
                events_checked += complaint.trail_length
                if found is not None:
                    broken += 1
                    if len(breaks) <= SHOWN:
                        breaks.append(found)
                bar.update(1)
        if not breaks:
            self.stdout.write(
                f"Trail intact: {checked} complaints, {events_checked} events checked."
            )
            return
        first, *others = breaks
        for more in others:
            self.stderr.write(f"also broken: {more}")
        if broken > len(breaks):
            self.stderr.write(f"... and {broken - len(breaks)} more")
        raise CommandError(
            f"Trail BROKEN in {broken} of {checked} complaints. First broken event: {first}",
            returncode=1,
        )

    def _one(self, reference: str) -> None:
        try:
            found = verification.verify_one(reference)
        except Complaint.DoesNotExist:
            raise CommandError(f"No complaint with reference {reference}.", returncode=2) from None
        if found is not None:
            raise CommandError(f"Trail BROKEN. First broken event: {found}", returncode=1)
        length = Complaint.objects.values_list("trail_length", flat=True).get(reference=reference)
        self.stdout.write(f"Trail intact: {reference}, {length} events checked.")

    def _since(self, path: str, public_key: str | None) -> None:
        try:
            key = checkpoint.public_key(public_key)
            lost = list(checkpoint.compare(checkpoint.read(path, key)))
        except (checkpoint.CheckpointInvalid, FileNotFoundError, ValueError) as exc:
            raise CommandError(f"Checkpoint not usable: {exc}", returncode=2) from None
        if lost:
            for more in lost[1 : SHOWN + 1]:
                self.stderr.write(f"also: {more}")
            raise CommandError(
                f"Trail BROKEN since the checkpoint {path} in {len(lost)} complaints. "
                f"First: {lost[0]}",
                returncode=1,
            )
        self.stdout.write(f"Nothing removed or rolled back since the checkpoint {path}.")

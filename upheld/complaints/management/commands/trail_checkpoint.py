"""`upheld trail-checkpoint FILE`: write a signed checkpoint of every trail head (ISO 10002
4.9, 8.1) to keep outside the database; `upheld verify-trail --checkpoint FILE` later finds
events removed or rolled back since (complaints/checkpoint.py).

    upheld trail-checkpoint --make-key        write a signing key at UPHELD_TRAIL_SIGNING_KEY
    upheld trail-checkpoint heads-2026-12-01.txt
"""

from django.core.management.base import BaseCommand, CommandError

from upheld.complaints import checkpoint


class Command(BaseCommand):
    help = "Write a signed checkpoint of every complaint's trail head to FILE (Ed25519)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="where to write the checkpoint")
        parser.add_argument(
            "--make-key",
            action="store_true",
            help="write a new signing key at UPHELD_TRAIL_SIGNING_KEY (never overwritten)",
        )
        parser.add_argument("--key", help="the signing key (default: UPHELD_TRAIL_SIGNING_KEY)")

    def handle(self, *, file=None, make_key=False, key=None, **options):
        path = key or checkpoint.key_path()
        if make_key:
            try:
                checkpoint.make_key(path)
            except FileExistsError:
                raise CommandError(f"{path} exists; a signing key is never overwritten.") from None
            public = checkpoint.public_key(path)
            self.stdout.write(f"Signing key written to {path} (keep it out of the database).")
            self.stdout.write(f"Its public key, for auditors: {checkpoint.public_pem(public)}")
            if not file:
                return
        if not file:
            raise CommandError("Name the file to write the checkpoint to.")
        try:
            signer = checkpoint.private_key(path)
        except FileNotFoundError:
            raise CommandError(
                f"No signing key at {path}: make one with `upheld trail-checkpoint --make-key`."
            ) from None
        count, digest = checkpoint.write(file, signer)
        self.stdout.write(f"Checkpoint of {count} trail heads written to {file} (sha256 {digest}).")

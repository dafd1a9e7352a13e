"""`upheld load-demo`: Demo Bank plc with a few hundred real CFPB complaints in every stage."""

from django.core.management.base import BaseCommand

from upheld.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Create the demo organisation, admin and staff, and receive the CFPB sample "
        "complaints into varied lifecycle stages. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=None, help="Load only the first N sample complaints."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show the progress bar."
        )

    def handle(self, *args, limit=None, no_progress=False, **options):
        report = load_demo(limit=limit, progress=False if no_progress else None)
        by_password: dict[str, list[str]] = {}
        for username, password in report.new_passwords.items():
            by_password.setdefault(password, []).append(username)
        for password, usernames in by_password.items():
            self.stdout.write(
                f"Created {', '.join(usernames)} with password: {password}  "
                "(shown once, now; change it in the admin)"
            )
        if report.loaded:
            stages = ", ".join(f"{n} {s}" for s, n in sorted(report.stages.items()))
            self.stdout.write(
                self.style.SUCCESS(f"Demo loaded: {report.loaded} complaints ({stages}).")
            )
        else:
            self.stdout.write(f"Demo already loaded ({report.skipped} complaints); nothing to do.")

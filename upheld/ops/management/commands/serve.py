"""`upheld serve [--host --port]`: the app (waitress) and a background worker, together."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from upheld.ops.server import serve


class Command(BaseCommand):
    help = (
        "Serve Upheld with the waitress WSGI server and run a background worker beside "
        "it; Ctrl-C or SIGTERM stops both cleanly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("UPHELD_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("UPHELD_PORT", "8000")))
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("UPHELD_THREADS", "8")),
            help="Request threads of the WSGI server (default 8).",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="Serve only; run `upheld worker` elsewhere."
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        static_root = Path(settings.STATIC_ROOT)
        if not settings.DEBUG and not (static_root.is_dir() and any(static_root.iterdir())):
            self.stderr.write(
                f"Static files are not collected in {static_root}: run "
                "`upheld collectstatic` first, or pages will have no styles."
            )

        def say(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        serve(host=host, port=port, threads=threads, with_worker=not no_worker, say=say)

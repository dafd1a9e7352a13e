"""The complainant's ways in, timed: does a wrong link answer in the same time as another
wrong link, and a lost-link request that matches in the same time as one that does not?

    python bench/portal.py [--count 2000] [--rounds 300]

Runs on a scratch database beside the one DATABASE_URL points at (SQLite when unset):
`count` complaints received through the lifecycle, one of them with its link replaced and
another with its link revoked. Each request goes through Django's test client in this
process (routing, middleware, the page or the 404 page), `rounds` times each, the kinds
interleaved so the machine's load falls on all alike, after a warm-up. Prints p50 and p95
in milliseconds and each wrong way's p50 as a ratio to the first. Timings are printed,
never asserted.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import Scratch  # noqa: E402 — bench/ is not a package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="upheld-bench-portal-"))
    scratch = Scratch.beside(os.environ.get("DATABASE_URL", ""), tmp, "upheld_bench_portal")
    os.environ.update(
        DATABASE_URL=scratch.url,
        UPHELD_DATA_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="upheld.project.settings",
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    scratch.create()
    try:
        run(args, scratch)
    finally:
        from django.db import connections

        connections.close_all()
        scratch.drop()


def run(args, scratch: Scratch) -> None:
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.ERROR)  # every wrong link is a 404
    call_command("migrate", verbosity=0)
    settings.UPHELD_TRACK_MISSES_PER_HOUR = 10**9
    settings.UPHELD_LINK_RECOVERIES_PER_HOUR = 10**9
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from upheld.complaints import lifecycle
    from upheld.complaints.roles import HANDLER

    staff = get_user_model().objects.create_user("bench", password="x-bench-password-1")
    staff.groups.add(Group.objects.get(name=HANDLER))
    complaints = [
        lifecycle.receive(
            channel="web",
            description=f"Complaint {n}: charged twice.",
            complainant={"name": f"Person {n}", "email": f"p{n}@example.org"},
            product="Current account",
            remedy_sought="Refund.",
        )
        for n in range(args.count)
    ]
    mine, replaced, revoked = complaints[len(complaints) // 2], complaints[1], complaints[2]
    old = replaced.secret
    lifecycle.issue_link(replaced, by=staff)
    lifecycle.revoke_link(revoked, by=staff, reason="bench")
    track = {
        "the right link (200)": f"/track/{mine.secret}",
        "a wrong secret": f"/track/{secrets.token_urlsafe(32)}",
        "the old link after a new one": f"/track/{old}",
        "a revoked link": f"/track/{revoked.secret}",
        "the reference in its place": f"/track/{mine.reference}",
        "a 'secret' too long to be one": "/track/" + "x" * 300,
        "a wrong survey link": f"/survey/{secrets.token_urlsafe(32)}",
    }
    client = Client()
    ask = {
        "matching reference and e-mail": (mine.reference, mine.complainant.email),
        "reference that does not exist": ("CMP-2099-999999", mine.complainant.email),
        "existing reference, wrong e-mail": (mine.reference, "someone@example.org"),
    }
    timings: dict[str, list[float]] = {k: [] for k in [*track, *ask]}
    for round_ in range(args.rounds + 5):
        for name, path in track.items():
            started = time.perf_counter()
            client.get(path)
            if round_ >= 5:
                timings[name].append((time.perf_counter() - started) * 1000)
        for name, (reference, contact) in ask.items():
            started = time.perf_counter()
            client.post("/track/", {"reference": reference, "contact": contact})
            if round_ >= 5:
                timings[name].append((time.perf_counter() - started) * 1000)
    print(f"{scratch.describe()}, {args.count} complaints, {args.rounds} requests each")
    # Each wrong link against the first wrong one; each lost-link request against a match.
    for group, base_name in ((list(track), "a wrong secret"), (list(ask), group_first(ask))):
        base = statistics.median(timings[base_name])
        for name in group:
            values = sorted(timings[name])
            p50 = statistics.median(values)
            p95 = values[int(len(values) * 0.95) - 1]
            print(f"  {name:<34} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  ×{p50 / base:.2f}")
        print()


def group_first(table: dict) -> str:
    return next(iter(table))


if __name__ == "__main__":
    main()

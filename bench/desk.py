"""The desk at volume: server time of each queue, a search, a filtered queue and a deep page.

    python bench/desk.py [--count 1000000] [--db-name upheld_bench_desk] [--keep] [--reuse]

Runs on the database DATABASE_URL points at (SQLite when unset) but never on its data: a
scratch database beside it (PostgreSQL: --db-name on the same server, dropped and made
again unless --reuse finds it filled; SQLite: a file in a temporary folder, or --path).
Default count: 1,000,000 on PostgreSQL, 100,000 on SQLite.

Filling (bench/desk_fill.py): complaints and their complainants written with the
database's own bulk path, not through the lifecycle — the bench measures reads, and a
million receipts through the lifecycle would take hours here (`bench/intake.py` measures
those) — shaped as a year of a bank's complaints; or, with --reuse --reshape, a copy of a
bench/fill.py database shaped the same way in SQL (bench/desk_shape.py). Then ANALYZE.

Measuring: each page through Django's test client in this process (URL routing, session,
the one visibility rule, the page's statements, the template), ROUNDS times after a warm-up,
as a handler of one team and as the head of complaints (every team). Prints p50 and p95 in
milliseconds. Timings are printed, never asserted.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk_fill import fill, setup_people  # noqa: E402 — bench/ is not a package
from desk_shape import reshape  # noqa: E402
from scratch import Scratch  # noqa: E402

ROUNDS, WARM_UP = 40, 3
# A handler of the first team with work of their own: in a copy bench/desk_shape.py shaped,
# the first handler of each team is given only the complaints that end up closed (their
# open ones fall in the unassigned tenth), so "mine" had nothing to show them.
HANDLER = "handler0_1"


class SqlClock:
    """The time spent in the database during a request (every statement, summed)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def timed(client, url: str, params: dict | None = None) -> tuple[list[float], list[float]]:
    """(server ms, SQL ms) of ROUNDS requests after WARM_UP."""
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)
    out, sql = [], []
    for _ in range(ROUNDS):
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            response = client.get(url, params or {})
            out.append((time.perf_counter() - start) * 1000)
        sql.append(clock.ms)
    return out, sql


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def deep_cursor(user, position: int) -> str:
    """The cursor of the row at `position` of the 'all' queue (found untimed, by OFFSET)."""
    from upheld.desk.queues.definitions import QUEUES
    from upheld.desk.queues.filters import QueueFilters
    from upheld.desk.queues.listing import queue_rows
    from upheld.desk.queues.paging import DUE_ORDER, Cursor, _due_cursor

    filters = QueueFilters({})
    filters.is_valid()
    qs = queue_rows(user, QUEUES["all"], filters).filter(next_due_at__isnull=False)
    row = qs.order_by(*DUE_ORDER)[min(position, qs.count() // 2)]
    cursor: Cursor = _due_cursor(row)
    return cursor.encode()


def a_complaint(user) -> str:
    """The reference of an open complaint of the user's own team (the complaint page)."""
    from upheld.complaints.visibility import visible_complaints

    found = visible_complaints(user).filter(closed_at__isnull=True, assignee__isnull=False)
    return found.order_by("-received_at").values_list("reference", flat=True)[0]


def measure(label: str, user, common_word: str, name_word: str) -> None:
    """Each page's p50 and p95 server and SQL time, and its ratio to a reference measured
    in the same run (the desk's notices page with none: a request, the session, the user,
    the layout and one statement), so a busy machine's figures can be compared."""
    from django.test import Client

    from upheld.desk.queues.definitions import QUEUES

    client = Client()
    client.force_login(user)
    cases: list[tuple[str, str, dict]] = [("reference (notices, none)", "/desk/notices/", {})]
    cases += [(f"queue {name}", f"/desk/queues/{name}/", {}) for name in QUEUES]
    cases += [
        ("home (4 capped counts, unread notices)", "/desk/", {}),
        ("my tasks", "/desk/tasks/", {}),
        ("complaint page", f"/desk/complaints/{a_complaint(user)}/", {}),
        (f"search '{name_word}'", "/desk/queues/all/", {"q": name_word}),
        (f"search '{common_word}'", "/desk/queues/all/", {"q": common_word}),
        (
            "filtered queue (investigating, priority 2)",
            "/desk/queues/team/" if label == "handler" else "/desk/queues/all/",
            {"status": "investigating", "priority": "2"},
        ),
        (
            "filtered queue + phone (none in a fill.py copy)",
            "/desk/queues/team/" if label == "handler" else "/desk/queues/all/",
            {"status": "investigating", "channel": "phone", "priority": "2"},
        ),
        (
            "deep page (row ~100,000 of 'all')",
            "/desk/queues/all/",
            {"after": deep_cursor(user, 100_000)},
        ),
    ]
    print(f"\nas {label} ({user.get_username()}), load average {os.getloadavg()[0]:.1f}:")
    head = f"{'page':<58} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'SQL p95':>8} {'×ref':>6}"
    head += f" {'load':>5}"
    print(f"  {head}")
    reference = None
    for name, url, params in cases:
        times, sql = timed(client, url, params)
        p50 = statistics.median(times)
        reference = reference or p50
        print(
            f"  {name:<58} {p50:8.1f} {p95(times):8.1f} {statistics.median(sql):8.1f} "
            f"{p95(sql):8.1f} {p50 / reference:6.2f} {os.getloadavg()[0]:5.1f}",
            flush=True,
        )
    print(f"  load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, help="complaints (1,000,000 PG; 100,000 SQLite)")
    parser.add_argument("--db-name", default="upheld_bench_desk")
    parser.add_argument("--path", type=Path, help="SQLite: keep the database in this file")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="measure an already filled one")
    parser.add_argument(
        "--reshape",
        action="store_true",
        help="with --reuse: shape a bench/fill.py database (a copy) instead of filling",
    )
    parser.add_argument("--rounds", type=int, default=40, help="requests per page")
    parser.add_argument("--shape-only", action="store_true", help="fill or shape; no measuring")
    parser.add_argument("--name-word", default="Hopper7", help="a rare word to search for")
    parser.add_argument(
        "--gc-as-is",
        action="store_true",
        help="leave the garbage collector as Python starts it (not as upheld/project/wsgi.py)",
    )
    args = parser.parse_args()
    globals()["ROUNDS"] = args.rounds  # a run's own number of requests per page
    configured = os.environ.get("DATABASE_URL", "sqlite:")
    tmp = Path(tempfile.mkdtemp(prefix="upheld-bench-desk-"))
    scratch = Scratch.beside(configured, tmp, args.db_name)
    if args.path and scratch.engine == "sqlite":
        scratch = Scratch("sqlite", f"sqlite:///{args.path}", path=args.path, name=args.db_name)
    count = args.count or (1_000_000 if scratch.engine == "postgresql" else 100_000)
    os.environ.update(
        DATABASE_URL=scratch.url,
        UPHELD_DATA_DIR=str(tmp),
        DJANGO_SETTINGS_MODULE="upheld.project.settings",
        CONN_MAX_AGE="600",
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    if not args.reuse:
        scratch.create()
        if scratch.path and scratch.path.exists():
            scratch.path.unlink()
    import warnings

    import django
    from django.core.management import call_command

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    try:
        call_command("migrate", verbosity=0)
        from django.contrib.auth import get_user_model

        if not (args.reuse and get_user_model().objects.filter(username="head").exists()):
            if args.reshape:
                print(f"reshaping the complaints of {scratch.describe()}")
                reshape(setup_people)
            else:
                print(f"filling {scratch.describe()} with {count:,} complaints")
                fill(scratch, count)
        from upheld.complaints.models import Complaint

        if args.shape_only:
            return
        if not args.gc_as_is:
            from upheld.project.warm import settle

            settle()  # as the web server's process does before its first request
        users = get_user_model().objects
        total = Complaint.objects.count()
        print(
            f"\nUpheld desk bench: {total:,} complaints on {scratch.describe()}, "
            f"{os.cpu_count()} CPUs, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {ROUNDS} requests "
            f"each; garbage collector {'as Python starts it' if args.gc_as_is else 'settled'}"
        )
        measure("handler", users.get(username=HANDLER), "overdraft", args.name_word)
        measure("head of complaints", users.get(username="head"), "overdraft", args.name_word)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"kept: {scratch.url}")
        else:
            scratch.drop()


if __name__ == "__main__":
    main()

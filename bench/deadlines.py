"""Time limits at scale (issue 8): the breached and at-risk lists and the reconciliation
pass of the clocks' points, timed on a large database.

    python bench/fill.py -n 1000000 --db-name upheld_1m                    # once: slow
    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/deadlines.py --db-name upheld_1m
    python bench/deadlines.py --sqlite /tmp/upheld-100k.sqlite3            # SQLite: 100,000

Migrates the database NAME, and, where its open complaints have no clocks yet (a database
filled before issue 8), gives each the clocks of the ISO profile in one INSERT … SELECT
(acknowledgement, assessment, final response; their due instants from receipt in SQL, so
filling a million takes seconds — the tests prove the functions that compute them for
real). Then, in process through the API (Django's test client, a token of its own):
p50/p95 of the first page of /clocks/breached and /clocks/at-risk, of a deep page of each,
and one reconciliation pass (`run_due_points`) with nothing due and with --due points due.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import priority  # noqa: E402 — bench/ is not a package


def configure(db_name: str | None, sqlite: str | None) -> None:
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite}"
    else:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")) or not db_name:
            raise SystemExit("give --sqlite FILE, or DATABASE_URL (PostgreSQL) and --db-name")
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path="/" + db_name))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    os.environ.setdefault("UPHELD_DATA_DIR", "/tmp/upheld-bench-deadlines")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# The ISO profile's clocks at receipt, in SQL (seed.py: 8 working hours ≈ 1 day, 5 business
# days ≈ 7 days, 56 calendar days); a tenth of the reminders not yet acted on.
CLOCKS = [
    ("acknowledge", "Acknowledge the complaint", "working_hours", 8, 1, 0),
    ("assess", "Assess the complaint", "business_days", 5, 7, 1),
    ("final_response", "Final response", "calendar_days", 56, 56, 7),
]


def give_clocks() -> int:
    from django.db import connection

    from upheld.deadlines.models import Clock

    if Clock.objects.exists():
        return 0
    pg = connection.vendor == "postgresql"
    made = 0
    with connection.cursor() as cur:
        for key, title, unit, amount, days, lead in CLOCKS:
            if pg:
                due = f"c.received_at + interval '{days} days'"
                risk = f"c.received_at + interval '{days - lead} days'"
            else:
                due = f"datetime(c.received_at, '+{days} days')"
                risk = f"datetime(c.received_at, '+{days - lead} days')"
            cur.execute(
                f"""
                INSERT INTO deadlines_clock (complaint_id, key, title, regime, cycle, unit,
                    amount, pauses, binding, promised, points, stops_on, started_at,
                    started_by, extension, due_at, stopped_by, next_point, next_point_at,
                    at_risk_at)
                SELECT c.id, '{key}', '{title}', 'iso', 0, '{unit}', {amount}, false, true,
                    {"true" if key == "final_response" else "false"}, '[]', 'x', c.received_at,
                    'receive', 0, {due}, '', 1,
                    CASE WHEN c.id % 10 = 0 THEN {due} END, {risk}
                FROM complaints_complaint c
                WHERE c.status NOT IN ('closed', 'withdrawn', 'merged')
                """
            )
            made += cur.rowcount
        cur.execute(
            "UPDATE complaints_complaint SET next_due_at = (SELECT min(due_at) FROM "
            "deadlines_clock k WHERE k.complaint_id = complaints_complaint.id) "
            "WHERE status NOT IN ('closed', 'withdrawn', 'merged')"
        )
        if pg:
            cur.execute("ANALYZE deadlines_clock")
            cur.execute("ANALYZE complaints_complaint")
    return made


def timed(client, url: str, headers: dict, rounds: int, warm: int) -> tuple[float, ...]:
    """(p50, p95 of the wall-clock time, p50 of the app process's CPU time, rows): on a busy
    machine the wall-clock time is mostly waiting for a core; the CPU time is the page's."""
    for _ in range(warm):
        client.get(url, **headers)
    times, cpu = [], []
    body = None
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return statistics.median(times), p95, statistics.median(cpu), len(body["items"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-name")
    parser.add_argument("--sqlite")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=10)
    parser.add_argument("--due", type=int, default=1000)
    priority.add_option(parser)
    args = parser.parse_args()
    configure(args.db_name, args.sqlite)

    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.utils import timezone

    from upheld.api.listing import encode
    from upheld.api.models import ApiToken
    from upheld.complaints.lifecycle.alerts import run_due_points
    from upheld.complaints.models import Complaint
    from upheld.complaints.roles import COMPLAINTS_MANAGER
    from upheld.deadlines.models import Clock, ClockAlert

    priority.apply(args.nice)
    started = time.perf_counter()
    made = give_clocks()
    if made:
        print(f"gave {made:,} clocks in {time.perf_counter() - started:.1f} s")
    open_count = Complaint.objects.exclude(status__in=["closed", "withdrawn", "merged"]).count()
    clocks = Clock.objects.filter(stopped_at__isnull=True).count()
    user, _ = User.objects.get_or_create(username="bench-deadlines")
    user.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
    _, secret = ApiToken.issue(user, name="bench")
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    now = timezone.now()
    running = Clock.objects.filter(stopped_at__isnull=True, binding=True)
    breached = running.filter(Q(paused_at__isnull=True), due_at__lt=now).order_by("due_at", "pk")
    n_breached = breached.count()
    deep = breached.values_list("due_at", "pk")[max(n_breached // 2, 0)]
    risky = running.filter(paused_at__isnull=True, at_risk_at__lte=now, due_at__gte=now)
    n_risk = risky.count()
    print(
        f"{open_count:,} open complaints, {clocks:,} running clocks: "
        f"{n_breached:,} breached, {n_risk:,} at risk"
    )
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'app CPU':>8} {'rows':>5}")
    pages = [
        ("breached, first page", "/api/v1/clocks/breached"),
        ("breached, page at half depth", f"/api/v1/clocks/breached?cursor={encode(*deep)}"),
        ("at risk, first page", "/api/v1/clocks/at-risk"),
    ]
    for name, url in pages:
        p50, p95, cpu, rows = timed(client, url, headers, args.rounds, args.warm_up)
        print(f"{name:40} {p50:8.1f} {p95:8.1f} {cpu:8.1f} {rows:5}")

    # One pass with nothing due, then with --due points due (their instant set to now).
    Clock.objects.filter(next_point_at__isnull=False).update(next_point_at=None)
    if connection.vendor == "postgresql":
        # The update above leaves every old index entry of the points pointing at a dead
        # row until vacuum: the pass would wade through millions (20 s at a million).
        # Production never clears millions of points at once; vacuum as autovacuum would.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE deadlines_clock")
    started = time.perf_counter()
    run_due_points()
    print(
        f"{'reconciliation pass, nothing due':40} {(time.perf_counter() - started) * 1000:8.1f} ms"
    )
    ids = list(breached.values_list("pk", flat=True)[: args.due])
    ClockAlert.objects.filter(clock_id__in=ids).delete()  # acted on by an earlier run
    made_due = Clock.objects.filter(pk__in=ids).update(
        next_point_at=now, points=[{"at": 0, "do": "escalate"}], next_point=0
    )
    if made_due < args.due:  # say why a pass acts on fewer points than asked
        print(f"only {made_due:,} breached clocks to make due (asked for {args.due:,})")
    alerts_before = ClockAlert.objects.count()
    started = time.perf_counter()
    acted = run_due_points(now)
    took = time.perf_counter() - started
    alerts = ClockAlert.objects.count() - alerts_before
    print(
        f"{'reconciliation pass, ' + str(acted) + ' points due':40} {took * 1000:8.1f} ms "
        f"({took * 1000 / max(acted, 1):.2f} ms a point; {alerts:,} acted on)"
    )


if __name__ == "__main__":
    main()

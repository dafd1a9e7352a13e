"""Monitoring and analysis at volume (issue 13): the dashboards' server time per role, the
FCA return for a half-year, and the streamed export's rows/s and peak memory.

    DATABASE_URL=postgres://root@127.0.0.1:5432/insight_1m python bench/insight.py history
    DATABASE_URL=postgres://root@127.0.0.1:5432/insight_1m python bench/insight.py time
    python bench/insight.py --sqlite /tmp/insight-100k.sqlite3 history|time

Runs on a filled database of one's own (bench/fill.py; PostgreSQL: a copy of the lead's
bench_1m, `createdb -T bench_1m insight_1m`, migrated), after `upheld insight rebuild`.

`history` gives the copy what the fill lacks, in the summaries only (the filled complaints
are open imports, never decided): 5 teams of 10 handlers with their roles, each complaint's
facts a team (by id) and, four in five, a handler; 80 % of them acknowledged, decided and
closed at times drawn from a spread like a bank's (hours to acknowledge, days to decide),
upheld, partly or not; 30 % under the FCA regime with a product group and cause; redress
on a tenth; then the tallies made again from these facts (`upheld insight rebuild-tallies`).
These synthetic facts no longer equal a recomputation from the trail (`upheld insight check`
says so): the bench measures the read path, which reads the tallies and the facts.

`time`: each dashboard through Django's test client in this process (routing, session,
the visibility rule, every query, the SVG and the template) ROUNDS times after a warm-up:
top management's organisation view over the last 365 days (grouped by product and not), a
team manager's team view, a handler's own; then the FCA return for the last full
half-year; then the complaints export over everything, streamed to nowhere (rows/s, and the
peak of Python's allocations by tracemalloc). Prints the machine's load average.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, WARM_UP = 20, 2
TEAMS = ("Cards", "Current accounts", "Loans", "Mortgages", "Savings")


def setup(sqlite: str | None) -> None:
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite}"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    import django

    django.setup()


def people():
    """5 teams, a manager each and 10 handlers each, a top manager (made once)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
    from upheld.organisation.models import Membership, Team

    User = get_user_model()
    made = {}
    for t, name in enumerate(TEAMS):
        team, _ = Team.objects.get_or_create(name=name)
        boss, new = User.objects.get_or_create(username=f"manager{t}")
        if new:
            boss.groups.add(Group.objects.get(name=COMPLAINTS_MANAGER))
            Membership.objects.create(team=team, person=boss, role="manager")
        made.setdefault("managers", []).append(boss)
        for h in range(10):
            user, new = User.objects.get_or_create(username=f"handler{t}-{h}")
            if new:
                user.groups.add(Group.objects.get(name=HANDLER))
                Membership.objects.create(team=team, person=user)
            made.setdefault("handlers", []).append(user)
        made.setdefault("teams", []).append(team)
    top, new = User.objects.get_or_create(username="top")
    if new:
        top.groups.add(Group.objects.get(name=TOP_MANAGEMENT))
    made["top"] = top
    return made


def history() -> None:
    from django.db import connection, transaction

    from upheld.taxonomy.models import Term

    cast = people()
    teams = [t.pk for t in cast["teams"]]
    handlers = [u.pk for u in cast["handlers"]]
    products = list(
        Term.objects.filter(taxonomy__dimension="fca_product").values_list("pk", flat=True)
    )
    causes = list(Term.objects.filter(taxonomy__dimension="fca_cause").values_list("pk", flat=True))
    pg = connection.vendor == "postgresql"
    hours = "interval '1 hour'" if pg else None
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        # Teams and handlers by id; the durations from the id's digits (deterministic).
        def team_of(col):
            return (
                "CASE "
                + " ".join(
                    f"WHEN {col} % {len(teams)} = {i} THEN {pk}" for i, pk in enumerate(teams)
                )
                + " END"
            )

        handler_case = (
            "CASE "
            + " ".join(
                f"WHEN (complaint_id / 5) % {len(handlers)} = {i} THEN {pk}"
                for i, pk in enumerate(handlers)
            )
            + " END"
        )
        product_case = (
            "CASE "
            + " ".join(
                f"WHEN complaint_id % {len(products)} = {i} THEN {pk}"
                for i, pk in enumerate(products)
            )
            + " END"
        )
        cause_case = (
            "CASE "
            + " ".join(
                f"WHEN (complaint_id / 7) % {len(causes)} = {i} THEN {pk}"
                for i, pk in enumerate(causes)
            )
            + " END"
        )
        cur.execute(
            f"UPDATE insight_fact SET team_id = {team_of('complaint_id')}, "
            f"assignee_id = CASE WHEN complaint_id % 5 <> 0 THEN {handler_case} END, "
            f"regime = CASE WHEN complaint_id % 10 < 3 THEN 'fca' ELSE regime END, "
            f"fca_product_id = CASE WHEN complaint_id % 10 < 3 THEN {product_case} END, "
            f"fca_cause_id = CASE WHEN complaint_id % 10 < 3 THEN {cause_case} END"
        )
        ack = "(1 + complaint_id % 47)"  # hours
        decide = "(24 * (1 + complaint_id % 61))"  # hours: 1 to 61 days
        close = f"({decide} + 2 + complaint_id % 23)"
        if pg:
            at = lambda h: f"received_at + {h} * {hours}"  # noqa: E731
        else:
            at = lambda h: f"datetime(received_at, '+' || {h} || ' hours')"  # noqa: E731
        closed_band = f"CASE WHEN {close} <= 72 THEN 1 WHEN {close} <= 1344 THEN 2 ELSE 3 END"
        cur.execute(
            f"UPDATE insight_fact SET acknowledged_at = {at(ack)}, ack_hours = {ack}, "
            f"ack_bdays = {ack} / 24, first_response_at = {at(ack)}, response_hours = {ack}, "
            f"response_bdays = {ack} / 24, decided_at = {at(decide)}, "
            f"decision_hours = {decide}, decision_bdays = {decide} * 5 / 168, "
            f"closed_at = {at(close)}, close_hours = {close}, close_bdays = {close} * 5 / 168, "
            f"close_band = {closed_band}, status = 'closed', is_open = {'false' if pg else '0'}, "
            f"times_unknown = {'false' if pg else '0'}, "
            "outcome = CASE complaint_id % 3 WHEN 0 THEN 'upheld' WHEN 1 THEN 'not_upheld' "
            "ELSE 'partly_upheld' END, "
            "redress_amount = CASE WHEN complaint_id % 10 = 0 THEN 25 + complaint_id % 400 END, "
            "redress_currency = CASE WHEN complaint_id % 10 = 0 THEN 'GBP' ELSE '' END, "
            "redress_count = CASE WHEN complaint_id % 10 = 0 THEN 1 ELSE 0 END "
            "WHERE complaint_id % 5 <> 4"
        )
        cur.execute("ANALYZE insight_fact" if pg else "ANALYZE")
    print(f"synthetic history in the facts: {time.perf_counter() - started:.0f} s")
    from upheld.insight import summaries

    started = time.perf_counter()
    n = summaries.rebuild_tallies()
    print(f"tallies made again from them: {n:,} rows in {time.perf_counter() - started:.0f} s")


def timed(fn, rounds=ROUNDS) -> tuple[float, float]:
    for _ in range(WARM_UP):
        fn()
    ms = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return statistics.median(ms), ms[max(0, int(len(ms) * 0.95) - 1)]


def measure(rounds: int) -> None:
    from django.test import Client

    from upheld.complaints.models import Complaint
    from upheld.insight.fca import fca_return
    from upheld.insight.models import Fact
    from upheld.insight.reports import complaints_table, period
    from upheld.insight.tables import csv_chunks

    cast = people()
    print(f"complaints: {Complaint.objects.count():,}, facts: {Fact.objects.count():,}")
    last = Fact.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    end = last.date()
    start = end - timedelta(days=364)
    q = f"?start={start}&end={end}"
    cases = [
        ("top management, organisation", cast["top"], f"/insight/organisation/{q}"),
        ("top management, by product", cast["top"], f"/insight/organisation/{q}&by=product"),
        (
            "top management, by FCA product",
            cast["top"],
            f"/insight/organisation/{q}&by=fca_product",
        ),
        ("team manager, team", cast["managers"][0], f"/insight/team/{q}"),
        ("handler, own", cast["handlers"][1], f"/insight/mine/{q}&grain=week"),
    ]
    for label, user, url in cases:
        client = Client()
        client.force_login(user)

        def get(url=url, client=client):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        p50, p95 = timed(get, rounds)
        print(f"dashboard, {label}: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    half = date(end.year, 1, 1) if end.month >= 7 else date(end.year - 1, 7, 1)
    h_end = date(half.year, 6, 30) if half.month == 1 else date(half.year, 12, 31)
    t = time.perf_counter()
    ret = fca_return(*period(half, h_end))
    totals = ret.totals()
    print(
        f"FCA return {half} – {h_end}: {time.perf_counter() - t:.2f} s "
        f"({totals.get('opened', 0):,} opened, {totals.get('closed', 0):,} closed, "
        f"{len(ret.lines):,} listed)"
    )
    first = Fact.objects.order_by("received_at").values_list("received_at", flat=True).first()
    tracemalloc.start()
    t = time.perf_counter()
    table = complaints_table(*period(first.date(), end))
    rows = 0
    for chunk in csv_chunks(table.header, table.rows):
        rows += chunk.count("\n")
    seconds = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"complaints export: {rows - 1:,} rows in {seconds:.0f} s, {(rows - 1) / seconds:,.0f} "
        f"rows/s, peak Python memory {peak / 1e6:.0f} MB"
    )
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=["history", "time"])
    parser.add_argument("--sqlite", default=None, help="an SQLite file filled by bench/fill.py")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    setup(args.sqlite)
    if args.step == "history":
        history()
    else:
        measure(args.rounds)


if __name__ == "__main__":
    main()

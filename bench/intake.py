"""Intake throughput: complaints received per second, beside a bare INSERT of the same rows.

    python bench/intake.py [-n 2000] [--path api] [--keep] [--db-name NAME]
    python bench/intake.py --path api --reference ../ref [--rounds 3]

Runs on the database DATABASE_URL points at (SQLite when unset) but never on its data: it
makes a scratch database beside it (PostgreSQL: `upheld_bench`, or --db-name, on the same
server, dropped and made again; SQLite: a file in a temporary folder), migrates it,
measures, and drops it.

`--reference DIR` measures this tree and an older checkout of Upheld in DIR (with its own
.venv, e.g. `git worktree add DIR 219f764 && make -C DIR dev`) in the same run, the two
alternating for `--rounds` rounds, each in a fresh process on a scratch database of its own
(NAME and NAME_ref), and prints each path's rate in both and their ratio (medians). The
reference runs this script with its own interpreter and code (`--code DIR`).

Each intake *path* sends the same N complaints (real CFPB narratives from the demo sample)
through one channel end to end; `api` is POST /api/v1/complaints with a bearer token, in
process through Django's test client: authentication, validation, the complaint record,
its reference, the first trail event and the queued acknowledgement job, each request in
its own transaction. The reference is a bare INSERT of the same rows with the database
driver (sqlite3 / psycopg `executemany`, one transaction) into a scratch table with
similar columns: the floor no real intake can beat. Other paths (web form, import) plug
in by adding a class to PATHS.
"""

import argparse
import csv
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DB = "upheld_bench"

sys.path.insert(0, str(Path(__file__).resolve().parent))
import priority  # noqa: E402 — bench/ is not a package
from rows import ROOT, bare_insert, payloads  # noqa: E402
from scratch import Scratch  # noqa: E402

WARM_UP = 20


# ---------------------------------------------------------------- intake paths


class IntakePath:
    """One way complaints come in. `prepare` runs once (untimed); `submit` one complaint."""

    name = ""
    what = ""
    writes = True  # a path that writes complaints (checked after)

    def prepare(self) -> None:
        pass

    def submit(self, payload: dict) -> None:
        raise NotImplementedError

    def submit_many(self, payloads: list[dict]) -> None:
        for payload in payloads:
            self.submit(payload)


class ApiPath(IntakePath):
    name = "api"
    what = "POST /api/v1/complaints (bearer token; record, trail, acknowledgement job)"

    def prepare(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.test import Client

        from upheld.api.models import ApiToken
        from upheld.complaints.roles import HANDLER

        user, _ = get_user_model().objects.get_or_create(username="bench-api")
        user.groups.add(Group.objects.get(name=HANDLER))
        _, key = ApiToken.issue(user, name="bench/intake.py")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def submit(self, payload: dict) -> None:
        response = self.client.post(
            "/api/v1/complaints", data=json.dumps(payload), content_type="application/json"
        )
        if response.status_code != 201:
            raise SystemExit(
                f"POST /api/v1/complaints answered {response.status_code}: "
                f"{response.content[:500]!r}"
            )


class ApiRefusedPath(ApiPath):
    """The same requests through the same stack, refused before the receipt (the token's
    user lacks the permission): authentication, the body parsed and validated, the
    answer. What is left of a receipt's time is the receipt itself; this is the ceiling
    of any receipt through the API."""

    name = "api-refused"
    what = "POST /api/v1/complaints refused (403) before the receipt: the stack's own cost"
    writes = False

    def prepare(self) -> None:
        super().prepare()
        from django.contrib.auth import get_user_model

        get_user_model().objects.get(username="bench-api").groups.clear()

    def submit(self, payload: dict) -> None:
        response = self.client.post(
            "/api/v1/complaints", data=json.dumps(payload), content_type="application/json"
        )
        if response.status_code != 403:
            raise SystemExit(f"expected 403, got {response.status_code}")


class ImportPath(IntakePath):
    """The same complaints as one generic CSV file through `upheld import-complaints`."""

    name = "import"
    what = (
        "upheld import-complaints --format generic (validation, record, trail; batches; "
        "no acknowledgement for imported complaints)"
    )
    COLUMNS = ("ref", "received", "description", "product", "remedy", "name", "email")

    def prepare(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="upheld-bench-import-"))
        self.mapping = self.folder / "mapping.json"
        self.mapping.write_text(
            json.dumps(
                {
                    "source": "bench",
                    "columns": {
                        "external_reference": "ref",
                        "received_at": "received",
                        "description": "description",
                        "product": "product",
                        "remedy_sought": "remedy",
                        "complainant.name": "name",
                        "complainant.email": "email",
                    },
                }
            )
        )
        self.batches = 0

    def submit_many(self, payloads: list[dict]) -> None:
        from upheld.intake.bulk.runner import import_file

        self.batches += 1
        path = self.folder / f"batch{self.batches}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(self.COLUMNS)
            for i, p in enumerate(payloads):
                person = p["complainant"]
                out.writerow(
                    [
                        f"{self.batches}-{i}",
                        "2026-01-05T09:00:00+00:00",
                        p["description"],
                        p["product"],
                        p["remedy_sought"],
                        person["name"],
                        person["email"],
                    ]
                )
        summary = import_file(path, fmt="generic", mapping=self.mapping, progress=False)
        if summary.created != len(payloads):
            raise SystemExit(f"the import created {summary.created} of {len(payloads)}")

    def submit(self, payload: dict) -> None:
        self.submit_many([payload])


class WebFormPath(IntakePath):
    """The public form as a complainant's browser uses it: GET /complain/, POST it, follow
    to the confirmation (in process, Django's test client)."""

    name = "web"
    what = (
        "GET /complain/ + POST (CSRF, one-time token, rate limit, record, trail, "
        "acknowledgement job) + the confirmation page"
    )

    def prepare(self) -> None:
        from django.conf import settings
        from django.test import Client

        # One client address sends every complaint here; lift the per-address limit.
        settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR = 10**9
        self.client = Client()

    def submit(self, payload: dict) -> None:
        page = self.client.get("/complain/")
        token = re.search(rb'name="form_token" value="([^"]+)"', page.content).group(1)
        person = payload["complainant"]
        response = self.client.post(
            "/complain/",
            {
                "form_token": token.decode(),
                "name": person.get("name", ""),
                "email": person.get("email", ""),
                "preferred_language": "en",
                "acting_for": "self",
                "description": payload["description"],
                "product": payload["product"],
                "remedy_sought": payload["remedy_sought"],
                "privacy_consent": "on",
            },
        )
        if response.status_code != 302:
            raise SystemExit(
                f"POST /complain/ answered {response.status_code}: {response.content[:500]!r}"
            )
        if self.client.get(response["Location"]).status_code != 200:
            raise SystemExit("the confirmation page did not open")


# Add a path here: name → factory.
PATHS: dict[str, Callable[[], IntakePath]] = {
    "api": ApiPath,
    "api-refused": ApiRefusedPath,
    "web": WebFormPath,
    "import": ImportPath,
}


def measure(path: IntakePath, items: list[dict]) -> float:
    path.prepare()
    path.submit_many(items[:WARM_UP])  # imports, caches and the first queries, untimed
    start = time.perf_counter()
    path.submit_many(items[WARM_UP:])
    return time.perf_counter() - start


def check(expected: int) -> str:
    """What the path really wrote: complaints, trail events and queued jobs."""
    from django_tasks_db.models import DBTaskResult

    from upheld.complaints.models import Complaint, Event

    counts = (Complaint.objects.count(), Event.objects.count(), DBTaskResult.objects.count())
    if counts[0] != expected:
        raise SystemExit(f"expected {expected} complaints, found {counts[0]}")
    return f"{counts[0]} complaints, {counts[1]} trail events, {counts[2]} jobs queued"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="complaints per path (2000)")
    parser.add_argument(
        "--path",
        action="append",
        choices=sorted(PATHS),
        help="intake path to measure (repeatable; default: all)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--db-name", default=BENCH_DB, help=f"scratch database ({BENCH_DB})")
    parser.add_argument("--reference", type=Path, help="an older checkout to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="with --reference (3)")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)  # set for the reference
    priority.add_option(parser)
    args = parser.parse_args()
    names = args.path or list(PATHS)
    if args.reference:
        compare(args, names)
        return

    configured = os.environ.get("DATABASE_URL", "sqlite:")
    with tempfile.TemporaryDirectory(prefix="upheld-bench-") as tmp:
        scratch = Scratch.beside(configured, Path(tmp), args.db_name)
        # Everything Django touches lives in the scratch place, never in the user's data.
        os.environ.update(
            DATABASE_URL=scratch.url,
            UPHELD_DATA_DIR=tmp,
            DJANGO_SETTINGS_MODULE="upheld.project.settings",
        )
        os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
        scratch.create()
        try:
            run(scratch, names, args.n, args.nice)
        finally:
            from django.db import connections

            connections.close_all()
            if args.keep:
                print(f"kept: {scratch.url}")
            else:
                scratch.drop()


def run(scratch: Scratch, names: list[str], n: int, nice: int | None = None) -> None:
    import warnings

    import django
    from django.core.management import call_command
    from django.db import connection

    warnings.filterwarnings("ignore", message="No directory at")  # no static files here
    django.setup()
    call_command("migrate", verbosity=0)
    items = payloads(n + WARM_UP)
    print(
        f"Upheld intake bench: {n} complaints per path on {scratch.describe()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"
    )

    floor = bare_insert(scratch, items[WARM_UP:])
    floor_rate = n / floor
    print(f"  bare INSERT (driver executemany, 1 transaction): {floor_rate:10,.0f} rows/s")
    for name in names:
        path = PATHS[name]()
        priority.apply(nice)  # the connection of this path (each path starts a new one)
        seconds = measure(path, items)
        rate = n / seconds
        written = check(n + WARM_UP) if path.writes else "nothing written"
        print(f"  {name:<6} {path.what}")
        print(
            f"         {rate:10,.0f} complaints/s  ({seconds:.2f}s; {written}; "
            f"{rate / floor_rate:.4f} of the bare INSERT, i.e. {floor_rate / rate:,.0f}x "
            f"slower)"
        )
        print(f"RATE {name} {rate:.3f}")  # read by compare()
        _empty(connection)


def compare(args, names: list[str]) -> None:
    """This tree against the checkout in args.reference, alternating, in fresh processes."""
    import statistics
    import subprocess

    reference = args.reference.resolve()
    python = reference / ".venv" / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{reference} has no .venv: run `make dev` there first")
    paths = [a for name in names for a in ("--path", name)]
    common = [__file__, "-n", str(args.n), *paths]
    if args.nice is not None:
        common += ["--nice", str(args.nice)]
    sides = {
        "reference": [str(python), *common, "--code", str(reference)],
        "this tree": [sys.executable, *common],
    }
    names_db = {"reference": f"{args.db_name}_ref", "this tree": args.db_name}
    rates: dict[str, dict[str, list[float]]] = {side: {n: [] for n in names} for side in sides}
    for round_ in range(1, args.rounds + 1):
        for side, command in sides.items():
            out = subprocess.run(
                [*command, "--db-name", names_db[side]],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for line in out.splitlines():
                if line.startswith("RATE "):
                    _, name, rate = line.split()
                    rates[side][name].append(float(rate))
            got = ", ".join(f"{n} {rates[side][n][-1]:,.0f}/s" for n in names)
            print(f"round {round_}: {side:<9} {got}", flush=True)
    print(f"{args.rounds} rounds; reference: {reference} ({_commit(reference)})")
    for name in names:
        for label, pick in (("median", statistics.median), ("best", max)):
            old, new = pick(rates["reference"][name]), pick(rates["this tree"][name])
            print(
                f"  {name:<6} {label:<6} reference {old:8,.0f} complaints/s, this tree "
                f"{new:8,.0f} complaints/s: {new / old:.2f}x"
            )


def _commit(folder: Path) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "not a git checkout"


def _empty(connection) -> None:
    """Start the next path from empty tables (all paths see the same database)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    connection.close()


if __name__ == "__main__":
    code = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else ROOT
    sys.path.insert(0, str(code))
    main()

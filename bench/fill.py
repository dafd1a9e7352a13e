"""Fill a database of one's own with N complaints, for the benches that need a large one
(bench/admin_list.py): the demo's CFPB narratives through `upheld import-complaints
--format generic`, received over six years, in 20 areas × 10 topics of categories.

    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/fill.py -n 1000000 --db-name NAME
    python bench/fill.py -n 100000 --sqlite /tmp/upheld-100k.sqlite3      # SQLite: a file

Makes (or, with --add, adds to) the database NAME on the server of DATABASE_URL, migrates
it, and imports in files of --chunk rows, so memory stays flat. The database is kept:
drop it with `dropdb NAME` when done.
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rows import ROOT, payloads  # noqa: E402 — bench/ is not a package
from scratch import Scratch  # noqa: E402

COLUMNS = ("ref", "received", "description", "product", "remedy", "name", "email", "area", "topic")
MAPPING = {
    "source": "bench-fill",
    "columns": {
        "external_reference": "ref",
        "received_at": "received",
        "description": "description",
        "product": "product",
        "remedy_sought": "remedy",
        "complainant.name": "name",
        "complainant.email": "email",
        "category": ["area", "topic"],
    },
}
START = datetime(2020, 12, 1, tzinfo=UTC)


def write_chunk(path: Path, first: int, count: int, rng: random.Random) -> None:
    texts = payloads(301)
    span = (datetime(2026, 11, 30, tzinfo=UTC) - START).total_seconds()
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for i in range(first, first + count):
            p = texts[i % len(texts)]
            received = START + timedelta(seconds=rng.random() * span)
            out.writerow(
                [
                    f"fill-{i}",
                    received.isoformat(),
                    p["description"][:2000],
                    p["product"],
                    p["remedy_sought"],
                    f"Complainant {i}",
                    f"fill{i}@example.org",
                    f"Area {rng.randrange(20):02d}",
                    f"Topic {rng.randrange(10):02d}",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db-name", help="PostgreSQL: a database on DATABASE_URL's server")
    where.add_argument("--sqlite", type=Path, help="SQLite: the file to make (or add to)")
    parser.add_argument("--chunk", type=int, default=50_000)
    parser.add_argument("--add", action="store_true", help="add to an existing database")
    parser.add_argument("--from", dest="first", type=int, default=0, help="first row number")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="upheld-fill-") as tmp:
        if args.sqlite:
            if not args.add:
                args.sqlite.unlink(missing_ok=True)
            scratch = Scratch("sqlite", f"sqlite:///{args.sqlite.resolve()}", path=args.sqlite)
        else:
            scratch = Scratch.beside(os.environ.get("DATABASE_URL", ""), Path(tmp), args.db_name)
        if not args.add:
            scratch.create()
        env = {**os.environ, "DATABASE_URL": scratch.url, "UPHELD_DATA_DIR": tmp}
        upheld = [sys.executable, "-m", "upheld"]
        subprocess.run([*upheld, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        mapping = Path(tmp) / "mapping.json"
        mapping.write_text(json.dumps(MAPPING))
        rng, started = random.Random(args.first), time.monotonic()
        for first in range(args.first, args.first + args.n, args.chunk):
            count = min(args.chunk, args.first + args.n - first)
            path = Path(tmp) / "chunk.csv"
            write_chunk(path, first, count, rng)
            subprocess.run(
                [*upheld, "import-complaints", str(path), "--format", "generic"]
                + ["--mapping", str(mapping)],
                env=env,
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )
            done = first + count - args.first
            rate = done / (time.monotonic() - started)
            print(f"{done:,} of {args.n:,} complaints ({rate:,.0f}/s)", flush=True)
        if scratch.engine == "postgresql":  # planner statistics for the benches' plans
            subprocess.run(
                [*upheld, "dbshell", "--", "-c", "VACUUM ANALYZE"], env=env, check=True, cwd=ROOT
            )
        print(f"{scratch.url}: {args.n:,} complaints added in {time.monotonic() - started:,.0f} s")


if __name__ == "__main__":
    main()

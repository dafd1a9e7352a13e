"""Bulk import speed: `upheld import-complaints --format cfpb` on the whole CFPB export,
beside a plain COPY (PostgreSQL) / executemany (SQLite) of the same rows into a scratch
table, on a fresh bench database that is created, migrated and dropped here (never yours).

    .venv/bin/python bench/import.py [--db sqlite|postgresql|both] [--file complaints.csv]

PostgreSQL: BENCH_PG_URL (default postgres://root@127.0.0.1:5432/upheld_bench_import);
the database named there is dropped and created again. SQLite: a temporary file.
"""

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "cfpb" / "complaints.csv"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import Scratch  # noqa: E402 — bench/ is not a package

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://root@127.0.0.1:5432/upheld_bench_import")


def _rows(path: Path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        yield header
        yield from reader


def baseline(path: Path) -> tuple[int, float]:
    """Read the file with the csv module and write its rows as they are, one statement."""
    from django.db import connection, transaction

    rows = _rows(path)
    header = next(rows)
    cols = ", ".join(f"c{i} text" for i in range(len(header)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_scratch")
        cursor.execute(f"CREATE TABLE bench_scratch ({cols})")
    count = 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy("COPY bench_scratch FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            batch = list(rows)
            count = len(batch)
            marks = ", ".join(["%s"] * len(header))
            cursor.executemany(f"INSERT INTO bench_scratch VALUES ({marks})", batch)
    return count, time.perf_counter() - started


TARGET = 20_000  # rows/s on PostgreSQL (issue 3)


def _backend_cpu() -> float | None:
    """CPU seconds used so far by the PostgreSQL backend serving this connection, read from
    /proc when the server runs on this machine (None elsewhere or on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child(path: Path, batch_size: int) -> None:
    """Runs inside a process whose DATABASE_URL names the bench database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from upheld.intake.bulk.runner import import_file
    from upheld.organisation.models import Organisation

    call_command("migrate", verbosity=0)
    Organisation.current()
    backend = _backend_cpu()
    cpu = time.process_time()
    summary = import_file(path, fmt="cfpb", batch_size=batch_size, progress=False)
    cpu = time.process_time() - cpu
    backend = _backend_cpu() - backend if backend is not None else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the baseline
    base_rows, base_seconds = baseline(path)
    rate, base_rate = summary.rate, base_rows / base_seconds
    print(
        f"{connection.vendor:10} import: {summary.read:,} rows in {summary.seconds:6.2f} s "
        f"= {rate:8,.0f} rows/s ({summary.created:,} created, {summary.rejected} rejected; "
        f"{cpu:.1f} s CPU in this process, peak memory {peak:,.0f} MB, "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    if backend is not None:
        target = summary.read / TARGET
        print(
            f"{'':10} CPU of the PostgreSQL backend: {backend:.1f} s; at {TARGET:,} rows/s "
            f"the file takes {target:.2f} s, which {os.cpu_count()} cores turn into "
            f"{target * os.cpu_count():.1f} s of CPU for the importer and PostgreSQL together"
        )
    print(
        f"{'':10} plain {'COPY' if connection.vendor == 'postgresql' else 'executemany'}: "
        f"{base_rows:,} rows in {base_seconds:6.2f} s = {base_rate:8,.0f} rows/s; "
        f"import/plain = 1/{base_rate / rate:.1f}"
    )


def _run_child(database_url: str, data_dir: str, args) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "UPHELD_DATA_DIR": data_dir}
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--file",
            str(args.file),
            "--batch-size",
            str(args.batch_size),
        ],
        env=env,
        check=True,
        cwd=ROOT,
    )


def run_on(engine: str, args) -> None:
    """Import into a scratch database of its own (bench/scratch.py), dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="upheld-bench-") as tmp:
        configured = PG_URL if engine == "postgresql" else "sqlite:"
        name = urlsplit(PG_URL).path.lstrip("/") or "upheld_bench_import"
        scratch = Scratch.beside(configured, Path(tmp), name)
        scratch.create()
        try:
            _run_child(scratch.url, tmp, args)
        finally:
            scratch.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.file, args.batch_size)
        return
    if not args.file.exists():
        sys.exit(f"No CFPB export at {args.file}; give --file.")
    for engine in ("sqlite", "postgresql"):
        if args.db in (engine, "both"):
            run_on(engine, args)


if __name__ == "__main__":
    main()

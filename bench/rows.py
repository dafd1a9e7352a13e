"""The rows the benches send and the floor they are measured against, shared by
bench/intake.py and bench/fill.py: N complaints as the API takes them (the demo's CFPB
narratives), and a bare INSERT of the same rows with the database driver (`executemany`,
one transaction) into a scratch table with similar columns, the floor no real intake can
beat.
"""

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "upheld" / "demo" / "data" / "cfpb_sample.csv"

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scratch import Scratch, libpq  # noqa: E402 — bench/ is not a package

# ---------------------------------------------------------------- the rows


def payloads(n: int) -> list[dict]:
    """N complaints as the API takes them, cycling through the demo's CFPB narratives."""
    with SAMPLE.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i in range(n):
        row = rows[i % len(rows)]
        product = row["Product"] + (f" / {row['Sub-product']}" if row["Sub-product"] else "")
        out.append(
            {
                "description": row["Consumer complaint narrative"] or row["Issue"],
                "complainant": {"name": f"Bench complainant {i}", "email": f"bench{i}@example.org"},
                "product": product[:300],
                "remedy_sought": "Put it right and refund any charges.",
            }
        )
    return out


# ---------------------------------------------------------------- the floor: bare INSERT

RAW_COLUMNS = (
    "reference",
    "channel",
    "received_at",
    "complainant_name",
    "complainant_email",
    "product",
    "description",
    "remedy_sought",
    "status",
)
RAW_TABLE = (
    "CREATE TABLE bench_raw (id {pk}, reference varchar(32) UNIQUE NOT NULL, "
    "channel varchar(16) NOT NULL, received_at {ts} NOT NULL, "
    "complainant_name varchar(200) NOT NULL, complainant_email varchar(254) NOT NULL, "
    "product varchar(300) NOT NULL, description text NOT NULL, "
    "remedy_sought text NOT NULL, status varchar(24) NOT NULL)"
)


def raw_rows(items: list[dict]) -> list[tuple]:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return [
        (
            f"RAW-{i:08d}",
            "api",
            now,
            p["complainant"]["name"],
            p["complainant"]["email"],
            p["product"],
            p["description"],
            p["remedy_sought"],
            "received",
        )
        for i, p in enumerate(items)
    ]


def bare_insert(scratch: Scratch, items: list[dict]) -> float:
    """Seconds to executemany the rows into a scratch table in one transaction."""
    rows = raw_rows(items)
    marks = ", ".join(["%s"] * len(RAW_COLUMNS))
    if scratch.engine == "sqlite":
        import sqlite3

        conn = sqlite3.connect(scratch.path)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(RAW_TABLE.format(pk="integer PRIMARY KEY AUTOINCREMENT", ts="text"))
        sql = f"INSERT INTO bench_raw ({', '.join(RAW_COLUMNS)}) VALUES ({marks})"
        rows = [(*r[:2], r[2].isoformat(), *r[3:]) for r in rows]
        start = time.perf_counter()
        conn.executemany(sql.replace("%s", "?"), rows)
        conn.commit()
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    import psycopg

    with psycopg.connect(libpq(scratch.url)) as conn:
        conn.execute(RAW_TABLE.format(pk="bigserial PRIMARY KEY", ts="timestamptz"))
        conn.commit()
        sql = f"INSERT INTO bench_raw ({', '.join(RAW_COLUMNS)}) VALUES ({marks})"
        start = time.perf_counter()
        with conn.cursor() as cur:
            cur.executemany(sql, rows)
        conn.commit()
        return time.perf_counter() - start

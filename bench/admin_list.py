"""Staff lists at scale (issue 12 point 11): the admin's complaint list, admin search by
reference and the API's cursor pages, timed on a large database, with their query counts.

    python bench/fill.py -n 1000000 --db-name upheld_1m          # once: slow (~10 min)
    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/admin_list.py --db-name upheld_1m

Runs in process (Django's test client) against the database NAME on the server of
DATABASE_URL, signed in as a superuser it creates there (`bench-admin`), and prints for each
page the median and 95th percentile of --rounds requests after --warm-up untimed ones, and
the SQL statements one request makes. It only reads (and adds that user and its token).
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


def configure(db_name: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("set DATABASE_URL to a PostgreSQL server (the bench is for it)")
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path="/" + db_name))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "upheld.project.settings")
    os.environ.setdefault("UPHELD_DATA_DIR", "/tmp/upheld-bench-admin")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages(client_headers: dict) -> list[tuple[str, str, dict]]:
    """(name, url, headers) of the pages timed, from what the database holds."""
    from upheld.api.listing import encode
    from upheld.complaints.models import Category, Complaint

    rows = Complaint.objects.order_by("-received_at", "-pk").values_list("received_at", "pk")
    total = Complaint.objects.count()
    middle = Complaint.objects.order_by("pk").values_list("reference", flat=True)[total // 2]
    deep_at, deep_pk = rows[int(total * 0.9)]
    leaf = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    admin = "/admin/complaints/complaint/"
    return [
        ("admin list, first page", admin, {}),
        ("admin list, status filter", f"{admin}?status__exact=received", {}),
        ("admin list, category filter", f"{admin}?category={leaf.pk}", {}),
        ("admin search by reference", f"{admin}?q={middle}", {}),
        ("admin search, lower case", f"{admin}?q={middle.lower()}", {}),
        ("API first page", "/api/v1/complaints?limit=25", client_headers),
        (
            "API page at 90 % depth",
            f"/api/v1/complaints?limit=25&cursor={encode(deep_at, deep_pk)}",
            client_headers,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--warm-up", type=int, default=3)
    priority.add_option(parser)
    args = parser.parse_args()
    configure(args.db_name)
    priority.apply(args.nice)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from upheld.api.models import ApiToken
    from upheld.complaints.models import Complaint

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    _, key = ApiToken.issue(user, name=f"bench {time.time():.0f}")
    client = Client()
    client.force_login(user)
    count = Complaint.objects.count()
    print(f"{connection.vendor} {connection.pg_version}, {count:,} complaints", flush=True)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, url, headers in pages({"HTTP_AUTHORIZATION": f"Bearer {key}"}):
        for _ in range(args.warm_up):
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            client.get(url, **headers)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url, **headers)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{name:32} {statistics.median(times):8.1f} {p95:8.1f} {len(queries):8d}", flush=True)


if __name__ == "__main__":
    main()

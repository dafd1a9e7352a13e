"""Benches on a machine shared with other work: run the bench and its PostgreSQL backend at
a higher priority (`--nice -10`, as root), so that a page's time measures the page and not
the queue for a core. The figures say so when it was used."""

import argparse
import os


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nice",
        type=int,
        help="run this process and its PostgreSQL backend at this priority (e.g. -10, as "
        "root): on a machine shared with other work, the pages' times then measure the "
        "pages, not the queue for a core",
    )


def apply(nice: int | None) -> None:
    """Call once Django is set up."""
    if nice is None:
        return
    from django.db import connection

    os.setpriority(os.PRIO_PROCESS, 0, nice)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], nice)
    print(f"this process and its database backend at priority {nice}")

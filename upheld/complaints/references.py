"""Unique, readable references allocated atomically (ISO 10002 7.2)."""

import hashlib
import secrets
from collections.abc import Callable

from django.db import connection

_UPSERT = (
    "INSERT INTO complaints_referencecounter (year, value) VALUES (%s, %s) "
    "ON CONFLICT (year) DO UPDATE SET value = complaints_referencecounter.value + %s "
    "RETURNING value"
)


def allocate_numbers(year: int, count: int = 1) -> range:
    """Reserve `count` consecutive numbers for `year` in one atomic statement.

    The upsert locks the year's counter row until the surrounding transaction ends, so
    two receipts can never get the same number and a rolled-back receipt frees its own.
    """
    return numbers_sent(year, count)()


def numbers_sent(year: int, count: int = 1) -> Callable[[], range]:
    """`allocate_numbers`, its statement sent now and its answer read when called: inside
    `core.rows.pipelined()` (PostgreSQL) the next statement read answers both at once."""
    cursor = connection.cursor()
    cursor.execute(_UPSERT, [year, count, count])

    def read() -> range:
        with cursor:
            last = cursor.fetchone()[0]
        return range(last - count + 1, last + 1)

    return read


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


def new_secret() -> tuple[str, str]:
    """A complainant's secret (256 random bits) and the hash that is stored."""
    token = secrets.token_urlsafe(32)
    return token, hash_secret(token)


def hash_secret(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

"""Rate limits that hold across processes: a counter per (what, who, window) in the
database, incremented by one atomic statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`,
PostgreSQL and SQLite ≥ 3.35). Two requests at the same instant never both pass the last
free place: on PostgreSQL the second waits on the first's row lock, on SQLite writers queue.

Called inside a transaction, the hit is undone if the transaction rolls back, so a limit on
"things done" (complaints received) counts only what was done.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .models import Throttle


@dataclass(frozen=True)
class Limit:
    scope: str  # what is counted, e.g. "track-miss"
    limit: int  # allowed per window
    per: int  # window, seconds


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the last address of
    X-Forwarded-For (the one the proxy itself added)."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    if getattr(settings, "UPHELD_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            address = forwarded.split(",")[-1].strip()
    return address


def keyed(value: str) -> str:
    """A keyed hash: enough to count, nothing to identify (4.7)."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_key(request) -> str:
    """The client's address, keyed (`keyed`)."""
    return keyed(client_address(request))


def _window(rule: Limit) -> int:
    now = int(time.time())
    return now - now % rule.per


def hit(rule: Limit, client: str) -> bool:
    """Count one more; True while the count is within the limit."""
    table = Throttle._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, client, starts, hits) VALUES (%s, %s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (scope, client, starts) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [rule.scope, client[:64], _window(rule)],
        )
        (hits,) = cursor.fetchone()
    return hits <= rule.limit


def exceeded(rule: Limit, client: str) -> bool:
    """True when this client has used up the window (nothing is counted)."""
    found = Throttle.objects.filter(
        scope=rule.scope, client=client[:64], starts=_window(rule)
    ).values_list("hits", flat=True)
    return any(hits >= rule.limit for hits in found)


def retry_after(rule: Limit) -> int:
    """Seconds until the window ends."""
    return max(1, _window(rule) + rule.per - int(time.time()))


def purge() -> int:
    """Forget windows that ended more than a day ago (a periodic job)."""
    deleted, _ = Throttle.objects.filter(starts__lt=int(time.time()) - 86400).delete()
    return deleted

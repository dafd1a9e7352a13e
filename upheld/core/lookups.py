"""Look-ups kept in memory per process, and dropped when what they read changes.

Some reads don't depend on the request's complaint and change a few times a year: the
organisation, a user's permission set, an API token, the webhook subscriptions. Reading
them from the database on every request was most of the cost of receiving a complaint
(issue 7, point 8). `cached(key, load)` keeps each one per process (per thread).

Upheld runs several app servers, so a change made on one must reach the others. A signal
alone would clear only the memory of the process that made the change. So a change also
raises a generation number stored in the database (models.LookupGeneration), in the same
transaction as the change: it commits or rolls back with it. Each process reads that
number once per request (one primary-key read of a one-row table, instead of the five
look-ups) and drops everything it kept when the number moved. A revoked token or a
removed role therefore stops working at the next request on every server, not after a
delay; that is why a time-to-live alone was not chosen. Outside requests (the worker,
commands) the number is read at most every UPHELD_LOOKUPS_RECHECK_SECONDS (1 s).

Within the transaction that made a change, nothing is kept or served from memory (the
change might still roll back); after it, the next read checks the number again.

Apps say what to watch with `watch(Model, ...)` (post_save, post_delete, m2m_changed);
code that changes watched rows with queryset.update() calls `changed()` itself.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

_local = threading.local()
MISSING = object()


def _state():
    state = _local.__dict__
    if not state:
        state.update(entries={}, generation=None, checked_at=0.0, in_request=False)
        state.update(checked_in_request=False, suspended=False)
    return state


def cached(key: Any, load: Callable[[], Any], *, keep_none: bool = True) -> Any:
    """The value of `load()`, kept per process while the generation number stands still.
    Callers must not change what they get (copy it first). `keep_none=False`: a None is
    not kept (unknown API keys: nobody can fill the memory by sending made-up ones)."""
    state = _state()
    if state["suspended"]:
        if connection.in_atomic_block:
            return load()  # a watched row changed in this open transaction
        state["suspended"] = False
        state["checked_in_request"], state["checked_at"] = False, 0.0
    _check(state)
    value = state["entries"].get(key, MISSING)
    if value is MISSING:
        value = load()
        if value is not None or keep_none:
            state["entries"][key] = value
    return value


def _check(state) -> None:
    if state["in_request"]:
        if state["checked_in_request"]:
            return
        state["checked_in_request"] = True
    else:
        now = time.monotonic()
        wait = getattr(settings, "UPHELD_LOOKUPS_RECHECK_SECONDS", 1.0)
        if now - state["checked_at"] < wait:
            return
        state["checked_at"] = now
    generation = current_generation()
    if generation != state["generation"]:
        state["entries"].clear()
        state["generation"] = generation


def current_generation() -> int:
    from .models import LookupGeneration

    # A plain statement: this runs on every request, and the ORM would cost more than it.
    with connection.cursor() as cursor:
        cursor.execute(
            _READ.format(table=connection.ops.quote_name(LookupGeneration._meta.db_table))
        )
        row = cursor.fetchone()
    return row[0] if row else 0


_READ = "SELECT value FROM {table} WHERE id = 1"


def changed(*args, **kwargs) -> None:
    """Something kept in memory changed: raise the generation number (in the caller's
    transaction) and forget everything here. A signal receiver, or called directly."""
    from .models import LookupGeneration

    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"last_login"}:
        return  # signing in changes nothing that is kept here
    if kwargs.get("raw") or str(kwargs.get("action", "post_")).startswith("pre_"):
        return  # fixtures being loaded; the m2m signal before the change
    if not LookupGeneration.objects.filter(pk=1).update(value=F("value") + 1):
        LookupGeneration.objects.get_or_create(pk=1, defaults={"value": 1})
    forget()
    if connection.in_atomic_block:
        _state()["suspended"] = True


def forget() -> None:
    """Drop what this process (thread) keeps; the next read checks the generation again."""
    state = _state()
    state["entries"].clear()
    state["generation"], state["checked_at"], state["checked_in_request"] = None, 0.0, False


def reset() -> None:
    """Forget everything, as a new process would (tests: the database was rolled back)."""
    _local.__dict__.clear()


def watch(*models, m2m: tuple = ()) -> None:
    """Raise the generation whenever a row of these models, or of these many-to-many
    relations (their `through` models), is saved or deleted."""
    for model in models:
        uid = f"lookups:{model._meta.label}"
        post_save.connect(changed, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, dispatch_uid=uid + ":delete")
    for through in m2m:
        uid = f"lookups:{through._meta.label}"
        m2m_changed.connect(changed, sender=through, dispatch_uid=uid + ":m2m")


def _request_started(**kwargs) -> None:
    state = _state()
    state["in_request"], state["checked_in_request"] = True, False


def _request_finished(**kwargs) -> None:
    _state()["in_request"] = False


request_started.connect(_request_started, dispatch_uid="lookups:request_started")
request_finished.connect(_request_finished, dispatch_uid="lookups:request_finished")

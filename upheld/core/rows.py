"""Rows written without waiting for each answer (PostgreSQL's pipeline mode).

A receipt writes ten rows or so in one transaction. Through the ORM each INSERT is a
round trip to the server that waits for the new row's id. Here the ids are reserved first
(`reserving`: one statement for every model), so each INSERT needs no answer; inside
`pipelined()` psycopg sends them one after the other and reads the answers once, when the
block ends or when a statement's rows are read (a SELECT, an INSERT … RETURNING).

`insert(obj)` does what `obj.save(force_insert=True)` does for a new row, pre_save and
post_save signals included. Without a reserved or given primary key, or on SQLite (which
runs in the process: no round trip to save), it is that save. Errors of statements sent
in the pipeline are raised, as Django's exceptions, when it ends.

Used by the lifecycle (the receipt, every event appended, the clocks started), by the
outbox for its items, and by the import for its ids (lifecycle/batch): the lifecycle stays
the only writer of a complaint; this module only changes how its rows travel."""

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from functools import cache
from typing import TypeVar

from django.db import connection, connections, models
from django.db.models import signals, sql

M = TypeVar("M", bound=models.Model)
_reserved: ContextVar[dict | None] = ContextVar("upheld_reserved_ids", default=None)


def postgresql() -> bool:
    return connection.vendor == "postgresql"


def pipelined():
    """A block whose statements are sent without waiting for their answers (PostgreSQL;
    elsewhere nothing changes). Errors are raised when it ends, inside the caller's
    transaction, so the transaction rolls back as after any failed statement."""
    if not postgresql():
        return nullcontext()
    return _pipeline()


@contextmanager
def _pipeline():
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


def reserve(counts: dict[type[models.Model], int]) -> dict[type, Iterator[int]]:
    """PostgreSQL: `n` primary keys per model from its sequence, in one statement; never
    handed out twice, even if the transaction rolls back (a sequence leaves gaps)."""
    out: dict[type, Iterator[int]] = {model: iter(()) for model in counts}
    wanted = [(model, n) for model, n in counts.items() if n]
    if not wanted:
        return out
    arrays = ", ".join(
        ["ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))"] * len(wanted)
    )  # only placeholders: the values are parameters
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + arrays,  # noqa: S608
            [v for model, n in wanted for v in (sequence(model), n)],
        )
        values = cursor.fetchone()
    for (model, _), ids in zip(wanted, values, strict=True):
        out[model] = iter(ids)
    return out


_SEQUENCES: dict[tuple[str, str], str] = {}


def sequence(model: type[models.Model]) -> str:
    """The name of the sequence behind the model's id, looked up once per database."""
    key = (connection.settings_dict["NAME"], model._meta.db_table)
    if key not in _SEQUENCES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
            _SEQUENCES[key] = cursor.fetchone()[0]
    return _SEQUENCES[key]


@contextmanager
def reserving(counts: dict[type[models.Model], int]):
    """Inside, `insert` gives new rows of these models the ids reserved here (PostgreSQL;
    elsewhere the database gives them as usual)."""
    ids = reserve(counts) if postgresql() else {}
    token = _reserved.set(ids)
    try:
        yield
    finally:
        _reserved.reset(token)


def _take_id(obj: models.Model) -> bool:
    """Give `obj` a reserved id if it has none; whether it now has one."""
    if obj.pk is not None:
        return True
    ids = (_reserved.get() or {}).get(type(obj))
    if ids is None:
        return False
    value = next(ids, None)
    if value is None:
        return False
    obj.pk = value
    return True


def insert(obj: M) -> M:
    """Write a new row as `obj.save(force_insert=True)` would, without reading its id back
    when it has one already (given, or reserved by `reserving`)."""
    if not postgresql() or not _take_id(obj):
        obj.save(force_insert=True)
        return obj
    model = type(obj)
    alias = connection.alias
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    signals.pre_save.send(sender=model, instance=obj, raw=False, using=alias, update_fields=None)
    _write(model, [obj])
    signals.post_save.send(
        sender=model, instance=obj, created=True, update_fields=None, raw=False, using=alias
    )
    return obj


def insert_many(objs: list) -> list:
    """Write new rows of one model as `bulk_create` does (no signals), in one INSERT
    without reading ids back when every row gets a reserved one."""
    if not objs:
        return objs
    if not postgresql() or not all([_take_id(obj) for obj in objs]):
        return type(objs[0]).objects.bulk_create(objs)
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    _write(type(objs[0]), objs)
    return objs


def _write(model: type[models.Model], objs: list) -> None:
    """One INSERT of the rows, without RETURNING. Each value is prepared by its field as
    the ORM prepares it (pre_save, get_db_prep_save); the statement is made once per model
    and row count. A value that is an expression (F(), a function) goes through the ORM's
    compiler instead."""
    fields = model._meta.local_concrete_fields
    db = connections[connection.alias]  # the connection itself: each field asks it things
    params = []
    for obj in objs:
        for f in fields:
            value = f.pre_save(obj, True)
            if hasattr(value, "resolve_expression"):
                return _write_compiled(model, objs)
            params.append(f.get_db_prep_save(value, db))
    with db.cursor() as cursor:
        cursor.execute(_statement(model, len(objs)), params)
    _saved(objs)


@cache
def _statement(model: type[models.Model], n: int) -> str:
    quote = connection.ops.quote_name
    fields = model._meta.local_concrete_fields
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    # Only quoted names and placeholders: every value is a parameter.
    return f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([row] * n)  # noqa: S608


def _write_compiled(model: type[models.Model], objs: list) -> None:
    query = sql.InsertQuery(model)
    query.insert_values(model._meta.local_concrete_fields, objs)
    with connection.cursor() as cursor:
        for text, params in query.get_compiler(connection=connection).as_sql():
            cursor.execute(text, params)
    _saved(objs)


def _saved(objs: list) -> None:
    alias = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias

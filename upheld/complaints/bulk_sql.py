"""Set-based writing for bulk.py: ids reserved up front, rows inserted with COPY on
PostgreSQL and executemany on SQLite. Only bulk.receive_batch calls this module.

Columns that a row does not name get the model field's default, computed once per model.
"""

import json
from collections.abc import Iterator
from datetime import UTC

from django.db import connection, models


def relax_durability() -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk.
    A crash may lose the last batches of an import, never corrupt anything, and running
    the import again brings them back (rows already imported are skipped)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def reserve_ids(counts: dict[type[models.Model], int]) -> dict[type, Iterator[int]]:
    """Reserve `n` primary keys per model inside the current transaction."""
    out = {}
    with connection.cursor() as cursor:
        for model, n in counts.items():
            table = model._meta.db_table
            if n == 0:
                out[model] = iter(())
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                               "FROM generate_series(1, %s)", [table, n])
                out[model] = iter([r[0] for r in cursor.fetchall()])
            else:
                # SQLite: the import's transaction holds the write lock (BEGIN IMMEDIATE),
                # so nobody else can take these ids before they are inserted.
                cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
                top = cursor.fetchone()[0]
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                seq = cursor.fetchone()
                start = max(top, seq[0] if seq else 0) + 1
                out[model] = iter(range(start, start + n))
    return out


def _template(model, with_pk: bool) -> tuple[list[str], list, dict[str, int]]:
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    columns = [f.column for f in fields]
    defaults = []
    for f in fields:
        value = f.get_default() if not f.primary_key else None
        if isinstance(f, models.JSONField):
            value = json.dumps(value if value is not None else {})
        defaults.append(value)
    return columns, defaults, {f.attname: i for i, f in enumerate(fields)}


_TEMPLATES: dict[tuple, tuple] = {}


def _rows(model, rows: list[dict]) -> tuple[list[str], Iterator[list]]:
    key = (model, "id" in rows[0])
    if key not in _TEMPLATES:
        _TEMPLATES[key] = _template(*key)
    columns, defaults, index = _TEMPLATES[key]

    def build():
        for values in rows:
            row = list(defaults)
            for name, value in values.items():
                row[index[name]] = value
            yield row

    return columns, build()


def insert(order, tables: dict[type, list[dict]]) -> None:
    """Insert the rows of each model in `order` (parents first)."""
    with connection.cursor() as cursor:
        for model in order:
            rows = tables[model]
            if not rows:
                continue
            columns, values = _rows(model, rows)
            table = connection.ops.quote_name(model._meta.db_table)
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                                   _adapted(model, columns, values))


def _sqlite_datetime(value):
    """As Django's SQLite backend stores an aware datetime: naive UTC, ISO with a space."""
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _adapted(model, columns: list[str], rows):
    """Rows with each value as Django's SQLite backend stores it (adapters per column)."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    adapters = []
    for i, column in enumerate(columns):
        kind = by_column[column].get_internal_type()
        if kind == "DateTimeField":
            adapters.append((i, _sqlite_datetime))
        elif kind == "DateField":
            adapters.append((i, lambda v: None if v is None else v.isoformat()))
        elif kind == "DecimalField":
            adapters.append((i, lambda v: None if v is None else str(v)))
    for row in rows:
        for i, adapt in adapters:
            row[i] = adapt(row[i])
        yield row

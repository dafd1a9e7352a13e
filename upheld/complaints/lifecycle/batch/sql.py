"""Set-based writing for the batch path (receive.py): ids reserved up front, rows given
as tuples and written with COPY on PostgreSQL (the COPY text built in the calling thread,
sent by a `Writer` thread while the next batch is prepared) and executemany on SQLite.
Only this package calls this module.

Columns a row does not name get the model field's default, computed once per model;
nullable columns without a default are left out (NULL).
"""

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import cache

from django.db import DatabaseError, connection, models

from upheld.core import rows as core_rows


def relax_durability(cursor=None) -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL to reach the disk.
    A crash may lose the last batches of an import, never corrupt anything, and running
    the import again brings them back (rows already imported are skipped)."""
    if cursor is not None:
        cursor.execute(_RELAX)
    elif connection.vendor == "postgresql":
        with connection.cursor() as own:
            own.execute(_RELAX)


_RELAX = "SET LOCAL synchronous_commit = off"


def reserve_ids(counts: dict[type[models.Model], int]) -> dict[type, Iterator[int]]:
    """Reserve `n` primary keys per model (PostgreSQL: from the sequences, never handed out
    twice; SQLite: inside the current transaction, which holds the write lock)."""
    out: dict[type, Iterator[int]] = {model: iter(()) for model in counts}
    wanted = [(model, n) for model, n in counts.items() if n]
    if not wanted:
        return out
    if connection.vendor == "postgresql":  # one statement for every model
        return core_rows.reserve(counts)
    with connection.cursor() as cursor:
        for model, n in wanted:
            # SQLite: the import's transaction holds the write lock (BEGIN IMMEDIATE), so
            # nobody else can take these ids before they are inserted.
            table = model._meta.db_table
            cursor.execute(f'SELECT COALESCE(MAX("id"), 0) FROM "{table}"')  # noqa: S608
            top = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            seq = cursor.fetchone()
            start = max(top, seq[0] if seq else 0) + 1
            out[model] = iter(range(start, start + n))
    return out


# ---------------------------------------------------------------- COPY text


def _escape(text: str) -> str:
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    if "\t" in text:
        text = text.replace("\t", "\\t")
    return text


def copy_value(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return int.__repr__(value)
    if kind is datetime:
        return value.isoformat()
    if kind is bytes:  # bytea in hex, its backslash escaped for COPY
        return "\\\\x" + value.hex()
    return _escape(str(value))  # Decimal, date, str subclasses (choices)


class Table:
    """The rows of one model as tuples of `columns` (attnames), in insert order."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...]):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [
            f
            for f in model._meta.concrete_fields
            if f.attname not in columns
            and not f.primary_key
            and not (f.null and f.get_default() is None)
        ]
        defaults = []
        for f in rest:
            value = f.get_default()
            if isinstance(f, models.JSONField):
                value = json.dumps(value if value is not None else {})
            defaults.append(value)
        self.model, self.columns = model, columns
        self.fields = [fields[c] for c in columns] + rest
        self.defaults = tuple(defaults)
        self.copy_suffix = "".join("\t" + copy_value(v) for v in defaults) + "\n"

        self.copy_line = _line_function(self.fields[: len(columns)], self.copy_suffix)

    def sql_columns(self) -> str:
        return ", ".join(connection.ops.quote_name(f.column) for f in self.fields)

    def copy_text(self, rows: list[tuple]) -> bytes:
        return "".join(map(self.copy_line, rows)).encode()


_ISO: dict = {}


def _isoformat(value) -> str:
    """value.isoformat(), remembered: a batch's times are few (its received dates, now).
    Two aware datetimes of the same instant share a text: the same timestamptz."""
    text = _ISO.get(value)
    if text is None:
        if len(_ISO) > 4096:
            _ISO.clear()
        text = _ISO[value] = value.isoformat()
    return text


_INTEGERS = {
    "AutoField",
    "BigAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
}
_TEXTS = {"CharField", "TextField", "EmailField", "JSONField", "SlugField", "URLField"}


def _line_function(fields, suffix: str):
    """A function turning one row (a tuple, in the order of `fields`) into its COPY line,
    generated once per table so a row costs one call instead of one per value."""
    parts = []
    for i, f in enumerate(fields):
        kind = f.get_internal_type()
        if kind in _INTEGERS or kind == "DecimalField":
            value = f"r[{i}]"
        elif kind in ("DateTimeField", "DateField"):
            value = f"iso(r[{i}])"
        elif kind == "BooleanField":
            value = f'("t" if r[{i}] else "f")'
        elif kind in _TEXTS:
            value = f"esc(r[{i}])"
        else:
            value = f"cv(r[{i}])"
        parts.append("{" + (f"N if r[{i}] is None else {value}" if f.null else value) + "}")
    source = "def line(r):\n    return f'" + "\\t".join(parts) + "' + suffix\n"
    scope = {"esc": _escape, "cv": copy_value, "iso": _isoformat, "N": "\\N", "suffix": suffix}
    exec(source, scope)  # noqa: S102 (built from the model's own field list)
    return scope["line"]


@cache
def table(model: type[models.Model], columns: tuple[str, ...]) -> Table:
    return Table(model, columns)


def insert(batch: list[tuple[Table, list[tuple]]]) -> None:
    """Insert each table's rows (parents first) on the current connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            _copy(cursor, encode(batch))
        return
    with connection.cursor() as cursor:
        for spec, rows in batch:
            if not rows:
                continue
            name = connection.ops.quote_name(spec.model._meta.db_table)
            marks = ", ".join(["%s"] * len(spec.fields))
            cursor.executemany(
                f"INSERT INTO {name} ({spec.sql_columns()}) VALUES ({marks})",  # noqa: S608
                _sqlite_rows(spec, rows),
            )


def encode(batch: list[tuple[Table, list[tuple]]]) -> list[tuple[str, bytes]]:
    """The COPY statements and their data for a batch (CPU only: no database)."""
    out = []
    for spec, rows in batch:
        if rows:
            name = connection.ops.quote_name(spec.model._meta.db_table)
            out.append((f"COPY {name} ({spec.sql_columns()}) FROM STDIN", spec.copy_text(rows)))
    return out


def _copy(cursor, encoded: list[tuple[str, bytes]]) -> None:
    for statement, data in encoded:
        with cursor.copy(statement) as copy:
            copy.write(data)


class Writer:
    """PostgreSQL: writes encoded batches in a background thread, one at a time, each in
    its own transaction, on the connection of the thread that made the Writer (inside a
    caller's transaction, each batch is a savepoint). While a batch is being written the
    caller must not use the connection: it prepares the next batch (CPU) and calls join()
    before its next query. The machine's second core runs PostgreSQL meanwhile."""

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def start(self, encoded: list[tuple[str, bytes]]) -> None:
        self.join()
        self.thread = threading.Thread(
            target=self._write, args=(encoded,), daemon=True, name="upheld-bulk-writer"
        )
        self.thread.start()

    def _write(self, encoded) -> None:
        try:
            with self.raw.transaction(), self.raw.cursor() as cursor:
                relax_durability(cursor)
                _copy(cursor, encoded)
        except BaseException as exc:  # handed to the caller by join()
            self.error = exc

    def join(self) -> None:
        """Wait for the batch being written; DatabaseError if it could not be written."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            error, self.error = self.error, None
            raise DatabaseError(str(error)) from error


# ---------------------------------------------------------------- SQLite


def _sqlite_datetime(value):
    """As Django's SQLite backend stores an aware datetime: naive UTC, ISO with a space."""
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


def _sqlite_rows(spec: Table, rows: list[tuple]):
    """Rows with each value as Django's SQLite backend stores it."""
    adapters = []
    for i, f in enumerate(spec.fields[: len(spec.columns)]):
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapters.append((i, _sqlite_datetime))
        elif kind in ("DateField", "DecimalField"):
            adapters.append(
                (
                    i,
                    lambda v: (
                        None if v is None else v.isoformat() if isinstance(v, date) else str(v)
                    ),
                )
            )
    defaults = spec.defaults
    for row in rows:
        if adapters:
            cells = list(row)
            for i, adapt in adapters:
                cells[i] = adapt(cells[i])
            row = tuple(cells)
        yield (*row, *defaults)

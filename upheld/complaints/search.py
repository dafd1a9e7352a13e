"""Full-text search over complaints (ISO 10002 7.3: find a complaint from whatever the
caller remembers): its reference and description, the complainant's name and e-mail, and
the correspondence about it (subject and body).

One function, `matching`, hides the database:

- PostgreSQL: three GIN expression indexes, one per table, over
  `to_tsvector('simple', …)` of the searched columns (migration 0019). 'simple' because
  complaints come in several languages: no stemming, each word of the query matches as a
  prefix ("overdraft" finds "overdrafts").
- SQLite: three FTS5 tables with external content (no copy of the text), kept in step by
  triggers on each table. The triggers are made by migration 0019 and again after every
  `migrate` (`ensure_sqlite_index`): SQLite drops a table's triggers when Django rebuilds
  the table for a later schema change, so a rebuilt table gets them back, and its index is
  rebuilt.

Bounded whatever the volume: each of the three parts yields at most MATCHES matches, so a
word found in a third of a million complaints costs reading a few hundred rows, not every
match. PostgreSQL takes the first MATCHES its GIN index gives (a bitmap, then only as many
rows as needed); SQLite's FTS5 gives the newest, in rowid order. The search form says so
(add words to narrow a search).

Erasure (lifecycle.anonymise) needs nothing more: the indexes are of the rows themselves.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# (table, FTS5 table, searched columns) — the same columns make the PostgreSQL indexes.
SEARCHED = (
    ("complaints_complaint", "complaint_search", ("reference", "description")),
    # The e-mail also in parts, so "grace@example" finds grace@example.org on PostgreSQL
    # (whose parser keeps a whole address as one word).
    ("complaints_person", "person_search", ("name", "email")),
    ("complaints_correspondence", "correspondence_search", ("subject", "body")),
)
MAX_WORDS = 8
_WORD = re.compile(r"[^\s\"'():&|!<>*\\^{}\[\]]+")


def words(text: str) -> list[str]:
    """The words of a search, without the characters either query language gives a
    meaning to; at most MAX_WORDS."""
    return words_of(text)[:MAX_WORDS]


def words_of(text: str) -> list[str]:
    """Every word of `text`, lower case, without the characters a query language gives a
    meaning to."""
    return _WORD.findall((text or "").lower())


def matching(text: str, most: int | None = None) -> Q | None:
    """A filter on complaints: those whose reference, description, complainant's name or
    e-mail, or correspondence contain every word of `text` (as a word's beginning) — at most
    MATCHES of the newest of each kind (see the module's docstring). None when `text` has
    no word to search for."""
    found = words(text)
    if not found:
        return None
    if connection.vendor == "postgresql":
        query = " & ".join(f"'{w}':*" for w in found)
        sql = POSTGRESQL
    else:
        query = " ".join('"' + w.replace('"', '""') + '"*' for w in found)
        sql = SQLITE
    params = [query, most or MATCHES] * 3
    return Q(pk__in=RawSQL(sql, params))  # noqa: S611 — the words are parameters


def person_vector() -> str:
    """The expression of the people's search index (PostgreSQL), for lookups it serves."""
    return _tsvector(SEARCHED[1][2])


def with_address_words(email: str) -> Q | RawSQL:
    """A filter on people: those whose name or e-mail holds the words of this address, in
    order, read from the people's search index (there is no index of addresses as such;
    the caller compares the address itself). Without it, finding an address read every
    person (SQLite: 50 ms at 100,000)."""
    if connection.vendor == "postgresql":
        return RawSQL(  # noqa: S611 — the address is a parameter
            f"{person_vector()} @@ plainto_tsquery('simple', %s)",
            [email],
            output_field=BooleanField(),
        )
    phrase = '"' + email.replace('"', '""') + '"'
    return Q(
        pk__in=RawSQL("SELECT rowid FROM person_search WHERE person_search MATCH %s", [phrase])
    )


def _tsvector(columns: tuple[str, ...]) -> str:
    parts = [*columns, "translate(email, '@.', '  ')"] if "email" in columns else columns
    return "to_tsvector('simple', " + " || ' ' || ".join(parts) + ")"


# At most this many of the newest matches of each part (complaint, complainant, message).
MATCHES = 300

# Table and column names are the constants above; the query's words are parameters.
# Each part reads its matches from its GIN index (the OFFSET 0 keeps the planner from
# walking the primary key instead, which reads every row for a rare word) and stops after
# MATCHES of them: the first the index gives, not the newest (newest first would mean
# sorting every match of a common word).
_PG_PARTS = (
    "(SELECT id FROM (SELECT id FROM complaints_complaint"
    " WHERE {0} @@ to_tsquery('simple', %s) OFFSET 0) m LIMIT %s)",
    "(SELECT c.id FROM complaints_complaint c JOIN ("
    "SELECT id FROM (SELECT id FROM complaints_person"
    " WHERE {1} @@ to_tsquery('simple', %s) OFFSET 0) m LIMIT %s) p ON c.complainant_id = p.id)",
    "(SELECT complaint_id FROM (SELECT complaint_id FROM complaints_correspondence"
    " WHERE {2} @@ to_tsquery('simple', %s) OFFSET 0) m LIMIT %s)",
)
POSTGRESQL = " UNION ".join(_PG_PARTS).format(*(_tsvector(cols) for _t, _f, cols in SEARCHED))

SQLITE = """
SELECT * FROM (SELECT rowid FROM complaint_search WHERE complaint_search MATCH %s
  ORDER BY rowid DESC LIMIT %s)
UNION
SELECT id FROM complaints_complaint WHERE complainant_id IN (
  SELECT rowid FROM person_search WHERE person_search MATCH %s
  ORDER BY rowid DESC LIMIT %s)
UNION
SELECT complaint_id FROM complaints_correspondence WHERE id IN (
  SELECT rowid FROM correspondence_search WHERE correspondence_search MATCH %s
  ORDER BY rowid DESC LIMIT %s)
"""


# ---------------------------------------------------------------- the indexes


def postgresql_indexes() -> tuple[list[str], list[str]]:
    """(create, drop) statements of the GIN indexes."""
    create, drop = [], []
    for table, name, columns in SEARCHED:
        create.append(
            f"CREATE INDEX IF NOT EXISTS {name}_idx ON {table} USING gin ({_tsvector(columns)})"
        )
        drop.append(f"DROP INDEX IF EXISTS {name}_idx")
    return create, drop


def sqlite_statements(table: str, fts: str, columns: tuple[str, ...]) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, "
        f"content='{table}', content_rowid='id')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} "  # noqa: S608
        f"WHEN {changed} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
    ]


TRIGGER_SUFFIXES = ("_ai", "_ad", "_au")


def ensure_sqlite_index(using: str = "default", **kwargs) -> None:
    """Make the FTS5 tables and triggers where they are missing (after every migrate), and
    rebuild an index whose triggers were missing (its table was rebuilt without them)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for table, fts, columns in SEARCHED:
            if table not in present:
                continue  # before the complaints tables exist
            wanted = {fts, *(fts + s for s in TRIGGER_SUFFIXES)}
            if wanted <= present:
                continue
            for statement in sqlite_statements(table, fts, columns):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")  # noqa: S608


def drop_sqlite_index(cursor) -> None:
    for _table, fts, _columns in SEARCHED:
        for suffix in TRIGGER_SUFFIXES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {fts}{suffix}")
        cursor.execute(f"DROP TABLE IF EXISTS {fts}")


def forget_erased(sender=None, **kwargs) -> None:
    """After an erasure (lifecycle.anonymise) commits, SQLite's FTS5 index is rewritten
    without the erased words: its 'delete' only marks them deleted in the segment where
    they stay until a merge (SQLite 3.42's secure-delete would make this unnecessary).
    It rewrites the whole index — about a second per 100,000 complaints here — which is
    the embedded default's price for erasing what the index held. PostgreSQL's GIN
    indexes drop the entries of an updated row with its old version (VACUUM)."""
    from django.db import transaction

    if connection.vendor != "sqlite":
        return

    def optimize() -> None:
        with connection.cursor() as cursor:
            for _table, fts, _columns in SEARCHED:
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")  # noqa: S608

    transaction.on_commit(optimize)

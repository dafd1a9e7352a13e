"""On PostgreSQL the database itself refuses to change or remove a trail event (4.9, 8.1).

Defence in depth beside the hash chain: a slip in code, an ORM bulk update or a casual
UPDATE in psql is stopped; someone who can disable triggers is still caught by
`upheld verify-trail`. TRUNCATE (test teardown, `flush`) is not a row operation and stays
possible for the database owner. SQLite has no equivalent that survives Django's `flush`,
and its file's owner can change anything anyway; there the chain alone stands guard."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION upheld_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'complaints_event is append-only: % refused (ISO 10002 4.9 trail)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER complaints_event_append_only
    BEFORE UPDATE OR DELETE ON complaints_event
    FOR EACH ROW EXECUTE FUNCTION upheld_event_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS complaints_event_append_only ON complaints_event;
DROP FUNCTION IF EXISTS upheld_event_append_only();
"""


def _run(schema_editor, statements: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(statements)  # no parameters: the % in RAISE stays as written


def forwards(apps, schema_editor):
    _run(schema_editor, CREATE)


def backwards(apps, schema_editor):
    _run(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_leaner_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]

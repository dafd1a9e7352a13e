"""Full-text search (complaints/search.py): GIN expression indexes on PostgreSQL, FTS5
tables kept in step by triggers on SQLite. Nothing on other databases."""

from django.db import migrations


def create(apps, schema_editor):
    from upheld.complaints import search

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in search.postgresql_indexes()[0]:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        search.ensure_sqlite_index(schema_editor.connection.alias)


def drop(apps, schema_editor):
    from upheld.complaints import search

    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in search.postgresql_indexes()[1]:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            search.drop_sqlite_index(cursor)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0018_teams")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

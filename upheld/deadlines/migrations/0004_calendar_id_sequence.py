from django.db import migrations


def reset_sequence(apps, schema_editor):
    """0002 wrote the organisation's row with its id given: on PostgreSQL the id sequence
    had not moved, so the first team's calendar would have been given id 1 again."""
    from django.core.management.color import no_style

    Calendar = apps.get_model("deadlines", "Calendar")
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [Calendar]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0003_team_calendars")]

    operations = [migrations.RunPython(reset_sequence, migrations.RunPython.noop)]

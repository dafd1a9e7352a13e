from django.db import migrations


def load(apps, schema_editor):
    from upheld.letters import seed

    seed.load(apps.get_model("letters", "Template"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

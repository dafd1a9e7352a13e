from django.db import migrations


def load(apps, schema_editor):
    from upheld.taxonomy import seed

    seed.load_shipped(models=(apps.get_model("taxonomy", "Taxonomy"), apps.get_model("taxonomy", "Term")))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Issue 7, one vocabulary (1 of 3): new columns beside the old ones, filled by 0009."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0007_triage"),
        ("organisation", "0002_how_to_complain"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="priority_rank",
            field=models.PositiveSmallIntegerField(null=True, blank=True),
        ),
        migrations.AddField(
            model_name="externalreferral",
            name="external_body",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.externalbody",
            ),
        ),
    ]

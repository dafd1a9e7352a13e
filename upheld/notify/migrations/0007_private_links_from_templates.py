"""notify.PendingLetter goes: a letter by post is a letter (upheld.letters) from the start."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0006_notices"),
        # Its rows not printed yet become letters first.
        ("letters", "0006_private_links_from_templates"),
    ]

    operations = [
        migrations.DeleteModel(
            name="PendingLetter",
        ),
    ]

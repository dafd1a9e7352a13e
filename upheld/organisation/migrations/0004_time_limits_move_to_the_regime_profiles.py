from django.db import migrations


class Migration(migrations.Migration):
    """The three targets became the ISO profile's clock rules (deadlines 0002 copied them)."""

    dependencies = [
        ("organisation", "0003_teams"),
        ("deadlines", "0002_default_profiles"),
    ]

    operations = [
        migrations.RemoveField(model_name="organisation", name="response_target_days"),
        migrations.RemoveField(model_name="organisation", name="assessment_target_days"),
        migrations.RemoveField(model_name="organisation", name="review_target_days"),
    ]

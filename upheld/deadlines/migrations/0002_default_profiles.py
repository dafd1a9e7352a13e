from django.db import migrations

from upheld.deadlines import seed


def write_defaults(apps, schema_editor):
    Organisation = apps.get_model("organisation", "Organisation")
    Calendar = apps.get_model("deadlines", "Calendar")
    org = Organisation.objects.filter(pk=1).values().first()
    country = (org or {}).get("country") or "GB"
    if not Calendar.objects.filter(pk=1).exists():
        Calendar.objects.create(
            pk=1,
            name="Organisation",
            country=country,
            subdivision="ENG" if country == "GB" else "",
            time_zone={"GB": "Europe/London", "IE": "Europe/Dublin", "US": "America/New_York"}.get(
                country, "UTC"
            ),
        )
    seed.write(apps, org)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
        ("organisation", "0002_how_to_complain"),
    ]

    operations = [migrations.RunPython(write_defaults, migrations.RunPython.noop)]

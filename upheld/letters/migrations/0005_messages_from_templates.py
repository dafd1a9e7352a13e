"""The acknowledgement, recourse and not-a-complaint e-mails are written from the letters'
templates: the kind `not_a_complaint`, its defaults and the FCA recourse; the FCA
acknowledgements name where the complaints procedure is published (DISP 1.2.1R)."""

from django.db import migrations, models


def load(apps, schema_editor):
    from upheld.letters import seed

    seed.load(apps.get_model("letters", "Template"), refresh=True)


class Migration(migrations.Migration):
    dependencies = [("letters", "0004_mass_runs")]
    operations = [
        migrations.AlterField(
            model_name="letter",
            name="kind",
            field=models.CharField(
                choices=[
                    ("acknowledgement", "acknowledgement"),
                    ("request_for_information", "request for information"),
                    ("progress_update", "progress update"),
                    ("holding_response", "holding response"),
                    ("decision", "decision (final response)"),
                    ("summary_resolution", "summary resolution communication"),
                    ("recourse", "recourse after rejection"),
                    ("review_outcome", "review outcome"),
                    ("referral", "referral to another firm"),
                    ("closure", "closure"),
                    ("survey_invitation", "survey invitation"),
                    ("tracking_link", "new private link"),
                    ("not_a_complaint", "not a complaint (other feedback)"),
                    ("inbound", "letter or call received"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="template",
            name="kind",
            field=models.CharField(
                choices=[
                    ("acknowledgement", "acknowledgement"),
                    ("request_for_information", "request for information"),
                    ("progress_update", "progress update"),
                    ("holding_response", "holding response"),
                    ("decision", "decision (final response)"),
                    ("summary_resolution", "summary resolution communication"),
                    ("recourse", "recourse after rejection"),
                    ("review_outcome", "review outcome"),
                    ("referral", "referral to another firm"),
                    ("closure", "closure"),
                    ("survey_invitation", "survey invitation"),
                    ("tracking_link", "new private link"),
                    ("not_a_complaint", "not a complaint (other feedback)"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

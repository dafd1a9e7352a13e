"""Every message to a complainant from the templates: the survey reminder's kind and
defaults, the FCA progress update, the progress update naming its clock's date; a new
private link or survey letter asked for by post (notify.PendingLetter, removed next) is a
letter to post from now on: those not printed yet become letters, which the letters'
sweep produces."""

from django.db import migrations, models

KINDS = {"survey_reminder": "survey_reminder", "survey_invitation": "survey_invitation"}


def load(apps, schema_editor):
    from upheld.letters import seed

    seed.load(apps.get_model("letters", "Template"), refresh=True)


def pending_to_letters(apps, schema_editor):
    Pending = apps.get_model("notify", "PendingLetter")
    Letter = apps.get_model("letters", "Letter")
    for row in Pending.objects.filter(produced_at__isnull=True).select_related(
        "complaint__complainant"
    ):
        person = row.complaint.complainant
        Letter.objects.create(
            complaint=row.complaint,
            kind=KINDS.get(row.kind, "tracking_link"),
            regime=row.complaint.regime,
            language=(row.language or "en")[:2],
            channel="post",
            recipient_name=person.name,
            recipient_address=person.postal_address.strip(),
            context={k: v for k, v in row.context.items() if k != "survey_url"},
            pending_secret=row.pending_secret,
            created_at=row.created_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0005_messages_from_templates"),
        ("notify", "0006_notices"),
    ]

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
                    ("survey_reminder", "survey reminder"),
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
                    ("survey_reminder", "survey reminder"),
                    ("tracking_link", "new private link"),
                    ("not_a_complaint", "not a complaint (other feedback)"),
                ],
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
        migrations.RunPython(pending_to_letters, migrations.RunPython.noop),
    ]

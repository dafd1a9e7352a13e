"""Issue 7, one vocabulary (2 of 3): priority text becomes its rank (1 urgent … 4 low), and
each external referral's free-text body becomes one of the organisation's external bodies:
the body of that name (case and spaces aside), or a new one of that name. Nothing is lost."""

from django.db import migrations

RANKS = {"urgent": 1, "high": 2, "medium": 3, "low": 4}


def forward(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")  # noqa: N806
    for text, rank in RANKS.items():
        Complaint.objects.filter(priority=text).update(priority_rank=rank)

    Referral = apps.get_model("complaints", "ExternalReferral")  # noqa: N806
    Organisation = apps.get_model("organisation", "Organisation")  # noqa: N806
    ExternalBody = apps.get_model("organisation", "ExternalBody")  # noqa: N806
    if not Referral.objects.exists():
        return
    org, _ = Organisation.objects.get_or_create(pk=1)
    bodies = {" ".join(b.name.split()).casefold(): b for b in ExternalBody.objects.all()}
    for referral in Referral.objects.all():
        name = " ".join(referral.body.split())[:200] or "Unnamed external body"
        body = bodies.get(name.casefold())
        if body is None:
            body = bodies[name.casefold()] = ExternalBody.objects.create(
                organisation=org, name=name, position=len(bodies)
            )
        referral.external_body = body
        referral.save(update_fields=["external_body"])


def backward(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")  # noqa: N806
    for text, rank in RANKS.items():
        Complaint.objects.filter(priority_rank=rank).update(priority=text)
    Referral = apps.get_model("complaints", "ExternalReferral")  # noqa: N806
    for referral in Referral.objects.select_related("external_body"):
        referral.body = referral.external_body.name
        referral.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0008_vocabulary_columns")]

    operations = [migrations.RunPython(forward, backward)]

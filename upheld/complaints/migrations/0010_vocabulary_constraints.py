"""Issue 7, one vocabulary (3 of 3): the new columns take the old names, choices are
declared, and the database refuses values outside them (CheckConstraints)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_vocabulary_data"),
        ("organisation", "0002_how_to_complain"),
    ]

    operations = [
        migrations.RemoveField(model_name="complaint", name="priority"),
        migrations.RenameField(
            model_name="complaint", old_name="priority_rank", new_name="priority"
        ),
        migrations.RemoveField(model_name="externalreferral", name="body"),
        migrations.RenameField(
            model_name="externalreferral", old_name="external_body", new_name="body"
        ),
        migrations.AlterField(
            model_name="complaint",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted_resolved", "resolved: the complainant accepted"),
                    ("final_response_issued", "final response issued"),
                    ("referred_externally", "referred to an external body"),
                    ("time_barred", "time-barred"),
                    ("not_a_complaint", "not a complaint (other feedback)"),
                    ("withdrawn", "withdrawn by the complainant"),
                    ("merged", "merged into another complaint"),
                ],
                max_length=32,
                verbose_name="closure reason",
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="complainant_answer",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted", "accepted the decision"),
                    ("rejected", "did not accept the decision"),
                ],
                max_length=8,
                verbose_name="complainant's answer",
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="escalation_level",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="level of internal review"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="priority",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[(1, "urgent"), (2, "high"), (3, "medium"), (4, "low")],
                null=True,
                verbose_name="priority",
            ),
        ),
        migrations.AlterField(
            model_name="externalreferral",
            name="body",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="organisation.externalbody",
                verbose_name="external body",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        [
                            "received",
                            "acknowledged",
                            "assessed",
                            "investigating",
                            "awaiting_complainant",
                            "decided",
                            "decision_communicated",
                            "accepted",
                            "rejected",
                            "escalated",
                            "referred_externally",
                            "closed",
                            "withdrawn",
                            "merged",
                        ],
                    )
                ),
                name="complaint_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "paused_from__in",
                        [
                            "received",
                            "acknowledged",
                            "assessed",
                            "investigating",
                            "awaiting_complainant",
                            "decided",
                            "decision_communicated",
                            "accepted",
                            "rejected",
                            "escalated",
                            "referred_externally",
                            "closed",
                            "withdrawn",
                            "merged",
                            "",
                        ],
                    )
                ),
                name="complaint_paused_from_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "channel__in",
                        ["web", "email", "phone", "letter", "in_person", "api", "import"],
                    )
                ),
                name="complaint_channel_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(("triage__in", ["complaint", "not_a_complaint", ""])),
                name="complaint_triage_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(("complainant_answer__in", ["accepted", "rejected", ""])),
                name="complaint_complainant_answer_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "closure_reason__in",
                        [
                            "accepted_resolved",
                            "final_response_issued",
                            "referred_externally",
                            "time_barred",
                            "not_a_complaint",
                            "withdrawn",
                            "merged",
                            "",
                        ],
                    )
                ),
                name="complaint_closure_reason_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("priority__isnull", True), ("priority__in", [1, 2, 3, 4]), _connector="OR"
                ),
                name="complaint_priority_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("severity__isnull", True),
                    models.Q(("severity__gte", 1), ("severity__lte", 4)),
                    _connector="OR",
                ),
                name="complaint_severity_on_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("complexity__isnull", True),
                    models.Q(("complexity__gte", 1), ("complexity__lte", 3)),
                    _connector="OR",
                ),
                name="complaint_complexity_on_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="complaint",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("impact__isnull", True),
                    models.Q(("impact__gte", 1), ("impact__lte", 3)),
                    _connector="OR",
                ),
                name="complaint_impact_on_scale",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(("outcome__in", ["upheld", "partly_upheld", "not_upheld"])),
                name="decision_outcome_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="remedy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "apology",
                            "explanation",
                            "correction",
                            "refund",
                            "compensation",
                            "replacement",
                            "process_change",
                        ],
                    )
                ),
                name="remedy_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="remedy",
            constraint=models.CheckConstraint(
                condition=models.Q(("state__in", ["pending", "carried_out", "waived"])),
                name="remedy_state_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="remedy",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount__isnull", True),
                    models.Q(("amount__gt", 0), ("kind__in", ["compensation", "refund"])),
                    _connector="OR",
                ),
                name="remedy_amount_positive_money",
            ),
        ),
    ]

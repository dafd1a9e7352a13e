"""Records kept before the vocabulary became choices are carried over, nothing lost (8.1):
priority text becomes its rank, and an external referral's free-text body becomes one of
the organisation's external bodies — the one of that name, or a new one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("complaints", "0007_triage"), ("organisation", "0002_how_to_complain")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_priorities_and_referrals_recorded_as_text_are_carried_over():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = migrate(BEFORE)
    try:
        person = old.get_model("complaints", "Person").objects.create(name="Ada")
        Complaint = old.get_model("complaints", "Complaint")  # noqa: N806
        now = timezone.now()
        refs = {}
        for n, priority in enumerate(["urgent", "high", "medium", "low", ""], start=1):
            refs[priority] = Complaint.objects.create(
                reference=f"CMP-2026-{n:06}",
                channel="web",
                received_at=now,
                complainant=person,
                description="Charged twice.",
                priority=priority,
            ).reference
        org = old.get_model("organisation", "Organisation").objects.create(pk=1)
        old.get_model("organisation", "ExternalBody").objects.create(
            organisation=org, name="Financial Ombudsman Service"
        )
        Referral = old.get_model("complaints", "ExternalReferral")  # noqa: N806
        complaint = Complaint.objects.get(reference=refs["high"])
        for text in ("financial  ombudsman service ", "The Pensions Ombudsman"):
            Referral.objects.create(complaint=complaint, body=text, referred_at=now)

        new = migrate(latest)
        Complaint = new.get_model("complaints", "Complaint")  # noqa: N806
        ranks = dict(Complaint.objects.values_list("reference", "priority"))
        assert {p: ranks[ref] for p, ref in refs.items()} == {
            "urgent": 1,
            "high": 2,
            "medium": 3,
            "low": 4,
            "": None,
        }
        referrals = new.get_model("complaints", "ExternalReferral").objects.order_by("pk")
        assert [r.body.name for r in referrals] == [
            "Financial Ombudsman Service",  # matched by name, case and spaces aside
            "The Pensions Ombudsman",  # made, so the referral keeps its body
        ]
        bodies = new.get_model("organisation", "ExternalBody").objects
        assert bodies.count() == 2
    finally:
        migrate(latest)

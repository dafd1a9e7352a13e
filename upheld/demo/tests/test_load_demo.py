"""`upheld load-demo`: Demo Bank plc, its staff in the ISO 10002 5.3 roles, and the CFPB
sample received through the lifecycle (7.2) and moved into varied stages (7.4–7.9)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from upheld.complaints import verification
from upheld.complaints.models import (
    Category,
    Channel,
    Complaint,
    Event,
    Person,
    Remedy,
    Status,
)
from upheld.demo.sample import read_sample
from upheld.demo.stages import STAGE_CYCLE
from upheld.organisation.models import Organisation

pytestmark = pytest.mark.django_db(transaction=False)


# Three turns of the stage cycle: every stage is reached, and the test stays quick.
SOME = 3 * len(STAGE_CYCLE)


@pytest.fixture(autouse=True)
def _quick_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(limit: int | None = SOME) -> str:
    out = StringIO()
    call_command("load_demo", limit=limit, no_progress=True, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Complaint, Event, Person, Category, Remedy, get_user_model())
    }


def test_every_sample_row_is_a_complaint_the_lifecycle_can_receive():
    rows = list(read_sample())
    assert len(rows) >= 250
    assert len({row.complaint_id for row in rows}) == len(rows)
    for row in rows:
        receipt = row.receipt()
        assert receipt["channel"] in Channel.values
        assert receipt["description"].strip()
        assert receipt["complainant"]["postal_address"].strip()  # reachable (7.2)
        assert receipt["received_at"] <= timezone.now()


def test_the_demo_receives_sample_complaints_into_every_stage(monkeypatch):
    monkeypatch.setenv("UPHELD_ADMIN_PASSWORD", "demo-admin-pass-42")
    output = load()

    sample = list(read_sample())[:SOME]
    assert set(Complaint.objects.values_list("external_reference", flat=True)) == {
        row.complaint_id for row in sample
    }
    assert Complaint.objects.count() == SOME
    reached = set(Complaint.objects.values_list("status", flat=True))
    assert reached == set(Status)  # every stage of the lifecycle, received to merged
    closed = Complaint.objects.filter(status=Status.CLOSED)
    assert closed.exists()
    assert not Remedy.objects.filter(decision__complaint__in=closed, state="pending").exists()
    assert not closed.filter(category=None).exists()
    assert Complaint.objects.filter(status=Status.MERGED).exclude(merged_into=None).exists()
    assert all(found is None for _, found in verification.verify_all())

    org = Organisation.current()
    assert (org.name, org.country) == ("Demo Bank plc", "GB")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-admin-pass-42")
    assert "demo-admin-pass-42" not in output
    staff = get_user_model().objects.filter(is_staff=True, is_superuser=False)
    assert set(staff.values_list("groups__name", flat=True)) == {
        "Complaints manager",
        "Handler",
        "Top management",
        "Auditor",
    }


def test_loading_the_demo_again_creates_nothing_and_prints_no_password():
    first = load()
    assert "admin" in first and "password" in first  # generated, shown once
    before = counts()

    second = load()

    assert counts() == before
    assert "password" not in second
    assert "already loaded" in second


def test_the_demo_bank_names_its_ombudsman_on_its_public_pages(client):
    """DISP 1.2 / ISO 10002 7.1 f: the how-to-complain page names the Financial Ombudsman
    Service with its real contact details and the six-month limit; the tracking page
    sends a dissatisfied complainant to that section."""
    from upheld.demo.staff import configure_organisation

    org = configure_organisation()
    configure_organisation()  # again: still one
    [fos] = org.external_bodies.all()
    assert fos.name == "Financial Ombudsman Service"

    page = client.get("/complain/how/").content.decode()
    recourse = page[page.index('id="recourse"') :]
    assert "Financial Ombudsman Service" in recourse
    assert "0800 023 4567" in recourse and "E14 9SR" in recourse
    assert "https://www.financial-ombudsman.org.uk" in recourse
    assert "within six months of the date of our final response" in recourse

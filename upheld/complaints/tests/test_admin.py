"""The admin (issue 2 §9): complaints are read-only there, for everyone, because their state is
the lifecycle's; complaints managers keep the 8.2 category taxonomy there."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.models import Category, Complaint, Status

pytestmark = pytest.mark.django_db
S = Status
CHANGELIST = reverse("admin:complaints_complaint_changelist")


def change_url(c):
    return reverse("admin:complaints_complaint_change", args=[c.pk])


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-1")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def classified(cast, state):
    c = cast.bring_to(state)
    return lifecycle.classify(c, by=cast.manager, category=cast.category)


# ---------------------------------------------------------------- the list


def test_the_list_shows_each_complaint_with_its_reference_status_and_handler(admin_client, cast):
    c = classified(cast, S.INVESTIGATING)
    page = admin_client.get(CHANGELIST).content.decode()
    for shown in (
        c.reference,
        "under investigation",
        "web form",
        "handler",
        "Billing",
        c.get_priority_display(),
    ):
        assert shown in page


def test_the_list_costs_the_same_queries_for_5_or_20_complaints(admin_client, cast):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(captured)

    states = [S.RECEIVED, S.INVESTIGATING, S.ESCALATED, S.DECIDED]
    for state in states:
        classified(cast, state)
    cast.bring_to(S.CLOSED)
    with_5 = queries()
    for i in range(15):
        classified(cast, states[i % len(states)])
    assert Complaint.objects.count() >= 20
    assert queries() == with_5


def test_complaints_are_found_by_reference_and_filtered_by_status(admin_client, cast):
    wanted, other = cast.receive(), cast.bring_to(S.ASSESSED)
    page = admin_client.get(CHANGELIST, {"q": wanted.reference}).content.decode()
    assert wanted.reference in page and other.reference not in page
    page = admin_client.get(CHANGELIST, {"status__exact": "assessed"}).content.decode()
    assert other.reference in page and wanted.reference not in page


# ---------------------------------------------------------------- one complaint


def test_a_complaint_shows_its_record_decisions_remedies_and_trail_read_only(admin_client, cast):
    c = cast.bring_to(S.ACCEPTED)
    response = admin_client.get(change_url(c))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (
        c.reference,
        "I was charged twice",
        "ada@example.org",
        "The order was charged twice by our payment provider.",
        "refund 25.00 GBP",
        "to be carried out",
        "Trail (ISO 10002 4.9, 8.1)",
        c.trail_head,
    ):
        assert shown in page, shown
    assert 'name="_save"' not in page and "Delete" not in page
    assert c.secret_hash not in page


def test_top_management_sees_complaints_but_not_the_trail(client, cast, top_manager):
    client.force_login(staff(top_manager))
    c = cast.bring_to(S.DECIDED)
    page = client.get(change_url(c)).content.decode()
    assert c.reference in page and "The order was charged twice" in page
    assert c.trail_head not in page


def test_an_auditor_reads_the_trail(client, cast, auditor):
    client.force_login(staff(auditor))
    c = cast.bring_to(S.DECIDED)
    page = client.get(change_url(c)).content.decode()
    assert c.trail_head in page and "investigation_started" in page


@pytest.mark.parametrize("who", ["superuser", "manager"])
def test_nobody_adds_changes_or_deletes_a_complaint_in_the_admin(client, cast, superuser, who):
    user = superuser if who == "superuser" else staff(cast.manager)
    client.force_login(user)
    c = cast.bring_to(S.ASSESSED)
    before = Complaint.objects.values().get(pk=c.pk)
    change = client.post(change_url(c), {"status": "closed", "description": "edited"})
    delete = client.post(reverse("admin:complaints_complaint_delete", args=[c.pk]), {"post": "yes"})
    add = client.get(reverse("admin:complaints_complaint_add"))
    bulk = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [c.pk], "post": "yes"}
    )
    assert (change.status_code, delete.status_code, add.status_code) == (403, 403, 403)
    assert bulk.status_code in (200, 302)
    assert Complaint.objects.values().get(pk=c.pk) == before


# ---------------------------------------------------------------- 8.2 categories


def test_a_complaints_manager_keeps_the_category_taxonomy(client, manager, category):
    client.force_login(staff(manager))
    response = client.post(
        reverse("admin:complaints_category_add"),
        {"name": "Fees", "parent": category.pk, "active": "on"},
    )
    assert response.status_code == 302
    fees = Category.objects.get(name="Fees")
    assert fees.parent == category
    response = client.post(
        reverse("admin:complaints_category_change", args=[category.pk]),
        {"name": "Billing and payments", "active": "on"},
    )
    assert response.status_code == 302
    assert str(Category.objects.get(pk=fees.pk)) == "Billing and payments › Fees"
    page = client.get(reverse("admin:complaints_category_changelist")).content.decode()
    assert "Billing and payments › Fees" in page


def test_a_handler_cannot_change_the_taxonomy(client, handler, category):
    client.force_login(staff(handler))
    response = client.post(
        reverse("admin:complaints_category_change", args=[category.pk]),
        {"name": "Renamed", "active": "on"},
    )
    assert response.status_code == 403
    category.refresh_from_db()
    assert category.name == "Billing"


def test_a_category_cannot_sit_under_its_own_subcategory(admin_client, category):
    fees = Category.objects.create(name="Fees", parent=category)
    late = Category.objects.create(name="Late fees", parent=fees)
    for parent in (category, late):
        response = admin_client.post(
            reverse("admin:complaints_category_change", args=[category.pk]),
            {"name": "Billing", "parent": parent.pk, "active": "on"},
        )
        assert response.status_code == 200
        assert "cannot sit under itself" in response.content.decode()
    category.refresh_from_db()
    assert category.parent is None


def test_the_category_list_costs_the_same_queries_however_deep(admin_client, category):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(reverse("admin:complaints_category_changelist"))
        return len(captured)

    Category.objects.create(name="Fees", parent=category)
    few = queries()
    parent = category
    for i in range(3):
        parent = Category.objects.create(name=f"Level {i}", parent=parent)
        Category.objects.create(name=f"Other {i}", parent=category)
    assert queries() == few


# ---------------------------------------------------------------- users and groups


def test_users_and_groups_are_kept_in_the_admin(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for model in ("Users", "Groups", "Categories", "Complaints", "Organisation"):
        assert model in page
    groups = admin_client.get(reverse("admin:auth_group_changelist")).content.decode()
    for role in ("Complaints manager", "Handler", "Top management", "Auditor"):
        assert role in groups

"""The organisation's settings in the admin (ISO 10002 5.2, 7.1): one record, kept by the
complaints manager, with the external bodies complainants may go to."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
from upheld.organisation.models import ExternalBody, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_member(make_user):
    def make(role):
        return make_user(role, is_staff=True)

    return make


def change_url():
    return reverse("admin:organisation_organisation_change", args=[Organisation.current().pk])


def settings_form(org, **changes):
    data = {
        f.name: getattr(org, f.name)
        for f in Organisation._meta.concrete_fields
        if f.editable and f.name != "id"
    }
    data = {k: ("on" if v is True else "" if v is False else v) for k, v in data.items()}
    data.update({"external_bodies-TOTAL_FORMS": "0", "external_bodies-INITIAL_FORMS": "0"})
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_the_settings_list_opens_the_one_settings_page(client, staff_member):
    client.force_login(staff_member(COMPLAINTS_MANAGER))
    response = client.get(reverse("admin:organisation_organisation_changelist"))
    assert response.status_code == 302 and response.url == change_url()
    assert Organisation.objects.count() == 1


def test_the_complaints_manager_changes_the_settings_and_lists_external_bodies(
    client, staff_member
):
    client.force_login(staff_member(COMPLAINTS_MANAGER))
    org = Organisation.current()
    page = client.get(change_url()).content.decode()
    assert "How to complain page" in page
    response = client.post(
        change_url(),
        settings_form(
            org,
            name="Acme Bank",
            allow_anonymous="on",
            **{
                "external_bodies-TOTAL_FORMS": "1",
                "external_bodies-0-name": "Financial Ombudsman Service",
                "external_bodies-0-position": "0",
                "external_bodies-0-website": "https://www.financial-ombudsman.org.uk/",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    org.refresh_from_db()
    assert (org.name, org.allow_anonymous) == ("Acme Bank", True)
    assert list(ExternalBody.objects.values_list("name", flat=True)) == [
        "Financial Ombudsman Service"
    ]


def test_a_handler_cannot_change_the_settings(client, staff_member):
    client.force_login(staff_member(HANDLER))
    org = Organisation.current()
    response = client.post(change_url(), settings_form(org, name="Hacked"))
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.name != "Hacked"


def test_the_settings_are_neither_added_twice_nor_deleted(client):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-1")
    client.force_login(root)
    org = Organisation.current()
    assert client.get(reverse("admin:organisation_organisation_add")).status_code == 403
    delete = reverse("admin:organisation_organisation_delete", args=[org.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Organisation.objects.count() == 1

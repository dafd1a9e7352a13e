"""ISO 10002 4.6 (free of charge), FCA DISP 1.3.1AR: complaining costs no more than a
basic-rate call, so a complaints phone number that costs more is refused where it is set,
with the reason and what to give instead."""

import pytest
from django.core.exceptions import ValidationError

from upheld.organisation.models import ExternalBody, Organisation
from upheld.organisation.phones import dearer_than_basic_rate

from .test_admin import change_url, settings_form, staff_member  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "number",
    [
        "0845 123 4567",
        "0870 123 4567",
        "+44 870 123 4567",
        "0044 (0)9 0912 3456",
        "09012 345678",
        "118 118",
        "070 1234 5678",
        "076 1234 5678",
    ],
)
def test_uk_numbers_dearer_than_a_basic_rate_call_are_named(number):
    assert dearer_than_basic_rate(number, "GB") is not None


@pytest.mark.parametrize(
    "number",
    [
        "020 7946 0000",
        "0161 496 0000",
        "0300 123 9123",
        "0800 023 4567",
        "0500 123 456",
        "07700 900123",
        "+44 20 7946 0000",
        "+33 1 23 45 67 89",
        "",
    ],
)
def test_basic_rate_freephone_mobile_and_foreign_numbers_are_fine_in_the_uk(number):
    assert dearer_than_basic_rate(number, "GB") is None


@pytest.mark.parametrize(
    ("number", "country", "dearer"),
    [
        ("1-900-555-0100", "US", True),
        ("(976) 555-0100", "US", True),
        ("+1 900 555 0100", "GB", True),
        ("+1 212 555 0100", "GB", False),
        ("212-555-0100", "US", False),
        ("0870 123 4567", "DE", False),
    ],
)
def test_north_american_premium_area_codes_and_unknown_plans(number, country, dearer):
    assert (dearer_than_basic_rate(number, country) is not None) == dearer


def test_the_organisation_cannot_give_a_premium_complaints_line(client, staff_member):  # noqa: F811
    org = Organisation.current()
    org.contact_phone = "0871 222 3333"
    with pytest.raises(ValidationError) as refused:
        org.full_clean()
    [message] = refused.value.message_dict["contact_phone"]
    assert "0871 222 3333" in message and "basic-rate" in message and "03" in message

    from upheld.complaints.roles import COMPLAINTS_MANAGER

    client.force_login(staff_member(COMPLAINTS_MANAGER))
    response = client.post(
        change_url(), settings_form(Organisation.current(), contact_phone="0871 222 3333")
    )
    assert response.status_code == 200 and "basic-rate call" in response.content.decode()
    assert Organisation.current().contact_phone != "0871 222 3333"


def test_an_external_body_cannot_be_listed_with_a_premium_number():
    body = ExternalBody(
        name="Some ADR body", phone="0906 000 0000", organisation=Organisation.current()
    )
    with pytest.raises(ValidationError) as refused:
        body.full_clean()
    assert "premium-rate" in refused.value.message_dict["phone"][0]
    ExternalBody(
        name="Financial Ombudsman Service",
        phone="0800 023 4567",
        organisation=Organisation.current(),
    ).full_clean()

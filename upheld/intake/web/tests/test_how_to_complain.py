"""ISO 10002 7.1 / 4.2 (capability 1): the public "How to complain" page is generated from the
organisation's settings and gives all seven elements a–g."""

import re

import pytest

from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule
from upheld.organisation.models import ExternalBody


def section(html: str, name: str) -> str:
    match = re.search(rf'<section id="{name}".*?</section>', html, re.S)
    assert match, f"section {name}"
    return match.group(0)


def set_target(key: str, amount: int) -> None:
    """The complaints manager sets a target of the profile that applies at receipt."""
    seed.ensure()
    rule = ClockRule.objects.get(profile__applies_at_receipt=True, key=key)
    rule.amount = amount
    rule.save()


@pytest.fixture
def configured(org):
    org.name = "Acme Bank"
    org.contact_email = "complaints@acme.example"
    org.contact_phone = "0300 123 4567"
    org.phone_hours = "Monday to Friday, 8:00 to 18:00"
    org.postal_address = "Complaints Team\nAcme House\nLeeds LS1 1AA"
    org.in_person_address = "Any Acme branch, during opening hours"
    org.information_needed = "your account number\nthe branch you visited"
    org.remedies_offered = "An apology\nA refund of fees\nCompensation for distress"
    org.internal_review = "Our Head of Customer Care reviews any decision you do not accept."
    org.save()
    set_target("assess", 3)
    set_target("final_response", 56)
    set_target("review", 20)
    ExternalBody.objects.create(
        name="Financial Ombudsman Service",
        website="https://www.financial-ombudsman.org.uk/",
        phone="0800 023 4567",
        email="complaint.info@financial-ombudsman.org.uk",
        postal_address="Exchange Tower, London E14 9SR",
        when_to_go="After our final response, or 8 weeks after we received your complaint; "
        "within 6 months of our final response.",
    )
    return org


def test_the_page_gives_all_seven_elements_of_7_1_from_the_settings(client, configured):
    response = client.get("/complain/how/")
    assert response.status_code == 200
    html = response.content.decode()
    where = section(html, "where")
    # a) where complaints can be made, b) how: every configured channel with its address.
    assert 'href="/complain/"' in where
    assert "complaints@acme.example" in where and "0300 123 4567" in where
    assert "Monday to Friday, 8:00 to 18:00" in where
    assert "Acme House" in where and "Any Acme branch" in where
    # c) what information the complainant must provide.
    information = section(html, "information")
    assert "your account number" in information and "the branch you visited" in information
    # d) the process, e) the time period of each stage.
    process = section(html, "process")
    assert "immediately" in process
    assert "within 3 business days" in process
    assert "within 56 days of receiving your complaint" in process
    assert "within 20 days of your request" in process
    # f) remedies, and the options beyond us: internal review and external bodies.
    remedies = section(html, "remedies")
    assert "A refund of fees" in remedies and "Compensation for distress" in remedies
    recourse = section(html, "recourse")
    assert "Head of Customer Care" in recourse
    assert "Financial Ombudsman Service" in recourse and "0800 023 4567" in recourse
    assert "https://www.financial-ombudsman.org.uk/" in recourse and "6 months" in recourse
    # g) how to get feedback on the status of the complaint.
    follow = section(html, "follow")
    assert "private link" in follow and "reference" in follow
    # 4.6: free of charge.
    assert "free of charge" in html


def test_the_page_follows_changes_to_the_settings(client, org):
    html = client.get("/complain/how/").content.decode()
    assert "channel-phone" not in html  # no phone line configured, none shown
    assert "Apology" in section(html, "remedies")  # every kind of remedy, by default
    org.contact_phone = "0161 496 0000"
    org.save()
    set_target("final_response", 28)
    html = client.get("/complain/how/").content.decode()
    assert "0161 496 0000" in section(html, "where")
    assert "within 28 days of receiving your complaint" in section(html, "process")


def test_the_page_is_in_spanish_for_a_spanish_browser(client, configured):
    html = client.get("/complain/how/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in html
    assert "Cómo reclamar a Acme Bank" in html and "en 56 días" in html


def test_the_language_switch_changes_the_language(client, org):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/complain/"})
    assert response.status_code == 302 and response["Location"] == "/complain/"
    assert "Presentar una reclamación" in client.get("/complain/").content.decode()


def test_the_front_door_is_the_how_to_complain_page(client, org):
    assert client.get("/")["Location"] == "/complain/how/"


def test_the_privacy_notice_is_the_organisations_own(client, org):
    org.privacy_notice = "We keep complaint records for six years."
    org.save()
    html = client.get("/complain/privacy/").content.decode()
    assert "We keep complaint records for six years." in html

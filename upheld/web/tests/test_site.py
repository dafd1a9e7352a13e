"""What a newcomer meets first (issue 7, point 9): signing in lands on a page that works for
each role, every public "not found" is the site's own page in the visitor's language, and
every page names the organisation (ISO 10002 4.2 visibility, 4.3 accessibility, 5.3)."""

import pytest
from django.contrib.auth.models import Group

from upheld.complaints.roles import AUDITOR, HANDLER
from upheld.organisation.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    org = Organisation.current()
    org.name = "Demo Bank plc"
    org.save()
    return org


def sign_in(client, username: str):
    return client.post(
        "/accounts/login/", {"username": username, "password": "pw-for-tests-1"}, follow=True
    )


def test_a_handler_who_signs_in_lands_on_their_desk(client, django_user_model):
    user = django_user_model.objects.create_user("handler7", password="pw-for-tests-1")
    user.groups.add(Group.objects.get(name=HANDLER))
    response = sign_in(client, "handler7")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/desk/"


def test_an_auditor_who_signs_in_lands_in_the_admin(client, django_user_model):
    user = django_user_model.objects.create_user("auditor7", password="pw-for-tests-1")
    user.groups.add(Group.objects.get(name=AUDITOR))
    response = sign_in(client, "auditor7")
    assert response.redirect_chain[-1][0] == "/admin/"


def test_an_account_without_a_role_lands_on_a_plain_page_that_says_so(
    client, django_user_model, bank
):
    django_user_model.objects.create_user("newcomer", password="pw-for-tests-1")
    response = sign_in(client, "newcomer")
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/accounts/profile/"
    page = response.content.decode()
    assert "You are signed in as newcomer." in page
    assert "no role in complaints handling" in page
    assert "Demo Bank plc" in page


@pytest.mark.parametrize("url", ["/no/such/page/", "/track/not-a-secret"])
def test_a_page_not_found_is_the_sites_own_page(client, bank, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We cannot find that page" in page
    assert '<p class="site-name"><a href="/complain/how/">Demo Bank plc</a></p>' in page
    assert 'href="/complain/"' in page  # a way on: make a complaint


@pytest.mark.parametrize("url", ["/no/such/page/", "/track/not-a-secret"])
def test_a_page_not_found_speaks_the_visitors_language(client, bank, url):
    response = client.get(url, headers={"accept-language": "es"})
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Cómo reclamar" in page and "Saltar al contenido principal" in page

"""Issue 9, point 1: an optional second factor (TOTP) that the complaints manager can require
for a role, and sign-out everywhere. A member of such a role who has no authenticator app is
sent to set one up; staff pages need a verified session; public pages and the API's bearer
tokens keep working."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from upheld.api.models import ApiToken
from upheld.complaints.roles import COMPLAINTS_MANAGER, HANDLER
from upheld.web.models import RoleSecondFactor

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


@pytest.fixture
def handler7(django_user_model):
    user = django_user_model.objects.create_user("handler7", password=PASSWORD)
    user.groups.add(Group.objects.get(name=HANDLER))
    return user


def sign_in(client):
    return client.post("/accounts/login/", {"username": "handler7", "password": PASSWORD})


def code_for(key: str) -> str:
    return f"{totp(b32decode(key.replace(' ', ''))):06d}"


def shown_key(response) -> str:
    match = re.search(r'<code id="totp-key">([A-Z2-7 ]+)</code>', response.content.decode())
    assert match, "the set-up page shows the key to type into the app"
    return match.group(1)


def set_up_app(client) -> str:
    page = client.get("/accounts/second-factor/setup/")
    key = shown_key(page)
    response = client.post("/accounts/second-factor/setup/", {"code": code_for(key)})
    assert response.status_code == 302
    return key


def test_a_role_that_requires_it_sends_its_members_to_set_up_an_app(client, handler7):
    RoleSecondFactor.objects.create(role=Group.objects.get(name=HANDLER))
    assert sign_in(client).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/second-factor/setup/?next=%2Fadmin%2F")
    page = client.get(response["Location"])
    assert "Your role signs in with a code" in page.content.decode()

    wrong = client.post("/accounts/second-factor/setup/", {"code": "000000"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    key = shown_key(wrong)
    # After a wrong code the app waits a moment (django-otp's throttling) before the next.
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=True):
        response = client.post(
            "/accounts/second-factor/setup/", {"code": code_for(key), "next": "/admin/"}
        )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=handler7).confirmed


def test_whoever_has_an_app_enters_a_code_at_every_sign_in(client, handler7):
    sign_in(client)
    assert client.get("/admin/").status_code == 200  # optional: not required for the role
    key = set_up_app(client)
    client.post("/accounts/logout/")

    sign_in(client)
    response = client.get("/admin/complaints/complaint/")
    assert response["Location"].startswith("/accounts/second-factor/?next=")
    # A password alone cannot add another app.
    assert client.get("/accounts/second-factor/setup/")["Location"].startswith(
        "/accounts/second-factor/?"
    )
    wrong = client.post("/accounts/second-factor/", {"code": "12ab"})
    assert "Enter the 6 digits the app shows." in wrong.content.decode()
    later = timezone.now() + timedelta(seconds=60)
    with time_machine.travel(later, tick=True):  # the next code: one code is used only once
        response = client.post(
            "/accounts/second-factor/", {"code": code_for(key), "next": "/admin/"}
        )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_public_pages_and_api_tokens_work_before_the_second_factor(
    client, handler7, make_complaint
):
    RoleSecondFactor.objects.create(role=Group.objects.get(name=HANDLER))
    sign_in(client)
    complaint = make_complaint()
    assert client.get("/complain/").status_code == 200
    assert client.get(f"/track/{complaint.secret}").status_code == 200
    assert client.get("/admin/").status_code == 302
    _, key = ApiToken.issue(handler7)
    response = Client().get("/api/v1/complaints", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_the_complaints_manager_can_require_it_for_a_role(client, make_user):
    manager = make_user(COMPLAINTS_MANAGER, "manager")
    client.force_login(manager)
    add = client.get("/admin/web/rolesecondfactor/add/")
    assert add.status_code == 200
    handlers = Group.objects.get(name=HANDLER)
    response = client.post(
        "/admin/web/rolesecondfactor/add/", {"role": handlers.pk, "required": "on"}
    )
    assert response.status_code == 302
    assert RoleSecondFactor.objects.get(role=handlers).required


def test_sign_out_everywhere_ends_every_session_of_that_person(handler7, make_user):
    office, laptop, other = Client(), Client(), Client()
    sign_in(office)
    sign_in(laptop)
    other.force_login(make_user(HANDLER, "someone_else"))
    assert laptop.get("/admin/").status_code == 200

    response = office.post("/accounts/sign-out-everywhere/")
    assert response.status_code == 302
    assert laptop.get("/admin/")["Location"].startswith("/admin/login/")
    assert office.get("/admin/")["Location"].startswith("/admin/login/")
    assert other.get("/admin/").status_code == 200  # nobody else's


def test_the_signing_in_page_offers_both(client, handler7):
    sign_in(client)
    page = client.get("/accounts/security/").content.decode()
    assert "Set up an authenticator app" in page and "Sign out everywhere" in page

"""Issue 12, point 2: signing in, password resets, tracking links and the tracking page's
forms cannot be tried again and again. Before, 400 wrong passwords and then the right one
signed in, at /accounts/login/ and /admin/login/ alike, and nothing else was limited.

The counts live in the database (django-axes' handler, core/throttle.py), so every app
server sees the same ones."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from upheld.complaints.roles import HANDLER

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user(
        "handler7", email="h7@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=HANDLER))
    return user


def sign_in(client, url: str, password: str, **extra):
    return client.post(url, {"username": "handler7", "password": password}, **extra)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_after_five_wrong_passwords_the_right_one_is_refused(client, staff, url):
    for _ in range(4):
        assert sign_in(client, url, "wrong-guess").status_code == 200
    assert sign_in(client, url, "wrong-guess").status_code == 429  # the fifth locks
    response = sign_in(client, url, PASSWORD)
    assert response.status_code == 429
    assert "Signing in is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="handler7").failures_since_start >= 5


def test_the_lock_is_for_that_account_from_that_address_and_ends_after_the_cool_off(client, staff):
    for _ in range(5):
        sign_in(client, "/accounts/login/", "wrong-guess")
    # The same person from another address is not locked out by someone else's guesses.
    assert sign_in(client, "/accounts/login/", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302
    client.logout()
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302


def test_password_reset_requests_are_limited_per_address(client, staff, settings):
    settings.UPHELD_PASSWORD_RESETS_PER_HOUR = 3
    for _ in range(3):
        response = client.post("/accounts/password_reset/", {"email": "h7@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3
    response = client.post("/accounts/password_reset/", {"email": "h7@example.org"})
    assert response.status_code == 429 and response["Retry-After"]
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 3


def test_password_reset_requests_are_limited_per_mailbox_whatever_the_address(
    client, staff, settings
):
    settings.UPHELD_PASSWORD_RESETS_PER_HOUR = 2
    for i in range(2):
        client.post(
            "/accounts/password_reset/", {"email": "h7@example.org"}, REMOTE_ADDR=f"10.1.0.{i}"
        )
    response = client.post(
        "/accounts/password_reset/", {"email": "H7@example.org"}, REMOTE_ADDR="10.1.0.9"
    )
    assert response.status_code == 429 and len(mail.outbox) == 2


def test_guessing_tracking_links_is_stopped_even_for_the_right_one(
    client, make_complaint, settings
):
    settings.UPHELD_TRACK_MISSES_PER_HOUR = 5
    complaint = make_complaint()
    for i in range(5):
        assert client.get(f"/track/guess-{i}").status_code == 404
    response = client.get(f"/track/{complaint.secret}")
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    # The complainant on another connection is not affected.
    assert client.get(f"/track/{complaint.secret}", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_posts_from_the_tracking_page_are_limited_per_address(client, make_complaint, settings):
    settings.UPHELD_PORTAL_POSTS_PER_HOUR = 3
    complaint = make_complaint()
    url = f"/track/{complaint.secret}/message"

    def fields() -> dict:  # each message form carries its own one-time token
        page = client.get(f"/track/{complaint.secret}").content.decode()
        token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
        return {"message-body": "Any news?", "form_token": token}

    for _ in range(3):
        assert client.post(url, fields()).status_code == 302
    response = client.post(url, fields())
    assert response.status_code == 429
    assert complaint.correspondence.count() == 3

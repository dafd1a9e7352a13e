"""Small helpers the tests (and the docs' screenshot scripts) share."""

import socket
from urllib.parse import quote

PASSWORD = "x-test-password-1"  # noqa: S105 — the browser tests' users sign in with it


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def form_token(client) -> str:
    """A one-time form token (web/formtoken.py) for the test client's browser: as the page
    would have given it, bound to the client's CSRF cookie (set here when it has none)."""
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import RequestFactory

    from upheld.web import formtoken

    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    if cookie is None:
        client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
        cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = cookie.value
    return formtoken.issue(request)


def with_form_tokens(client):
    """The client, each of whose POSTs carries a fresh form token unless it has its own, as
    a browser posting a form a page gave it (web/once.py)."""
    post = client.post

    def posting(path, data=None, *args, **kwargs):
        data = {} if data is None else data
        if isinstance(data, dict) and "form_token" not in data:
            data = {**data, "form_token": form_token(client)}
        return post(path, data, *args, **kwargs)

    client.post = posting
    return client


def people(*roles: tuple[str, str], password: str = PASSWORD) -> dict:
    """Users by name, each in the group of its role (`(name, role)` pairs), signing in with
    `password`: the staff a browser test walks as."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    users = {}
    for name, role in roles:
        user = get_user_model().objects.create_user(name, password=password)
        user.groups.add(Group.objects.get(name=role))
        users[name] = user
    return users


def sign_in(new_page, live_server, username: str, path: str, password: str = PASSWORD):
    """A browser page (Playwright, English) signed in as `username` through the sign-in
    form, landed on `path`."""
    page = new_page("en")
    page.goto(f"{live_server.url}/accounts/login/?next={quote(path)}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#send")
    return page

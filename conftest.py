"""Shared test fixtures: people in each ISO 10002 role, a complaint factory, a real SMTP
server on loopback (aiosmtpd), and a way to run the background worker."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from upheld.complaints import lifecycle
from upheld.complaints.models import Category
from upheld.complaints.roles import AUDITOR, COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT
from upheld.organisation.models import Organisation
from upheld.testing import free_port

_names = itertools.count(1)


@pytest.fixture
def org(db):
    return Organisation.current()


@pytest.fixture
def make_user(db):
    def make(role: str | None = HANDLER, username: str | None = None, **extra):
        user = get_user_model().objects.create_user(
            username=username or f"user{next(_names)}", password="x-test-password-1", **extra
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def handler(make_user):
    return make_user(HANDLER, "handler")


@pytest.fixture
def other_handler(make_user):
    return make_user(HANDLER, "other_handler")


@pytest.fixture
def manager(make_user):
    return make_user(COMPLAINTS_MANAGER, "manager")


@pytest.fixture
def senior_manager(make_user):
    return make_user(COMPLAINTS_MANAGER, "senior_manager")


@pytest.fixture
def top_manager(make_user):
    return make_user(TOP_MANAGEMENT, "top_manager")


@pytest.fixture
def auditor(make_user):
    return make_user(AUDITOR, "auditor")


@pytest.fixture
def category(db):
    return Category.objects.create(name="Billing")


@pytest.fixture
def make_complaint(db):
    """receive() a complaint with sensible defaults; any field can be overridden."""

    def make(**overrides):
        data = {
            "channel": "web",
            "description": "I was charged twice for the same order.",
            "complainant": {"name": "Ada Lovelace", "email": "ada@example.org"},
            "product": "Current account",
            "remedy_sought": "Refund the second charge.",
        }
        data.update(overrides)
        return lifecycle.receive(**data)

    return make


@pytest.fixture
def run_worker(db, monkeypatch):
    """Run the real background worker until no job is ready (`upheld worker --batch`).

    The worker closes stale connections between jobs; inside a test's transaction that
    would close the test's own connection, so that one call is neutralised here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        call_command(
            "db_worker", queue_name="*", batch=True, interval=0, startup_delay=False, verbosity=0
        )

    return run


class SMTPServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.messages = []
        self._controller_cls = Controller
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd hook
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self):
        self.controller = self._controller_cls(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str):
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.UPHELD_DELIVERY_BACKOFF_BASE = 0
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Test users get passwords; the production hasher is slow and not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in Spanish through the test
    client leaves Spanish active in the thread (LocaleMiddleware activates, nothing
    deactivates), and a later test that writes text outside a request (the mail intake's
    notes) would write it in Spanish, as it never does in a worker."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _lookups_start_empty():
    """Each test starts with nothing kept in memory (core/lookups.py): the database a test
    changed is rolled back after it, and what a process kept of it must go too."""
    from upheld.core import lookups

    lookups.reset()

"""Fixtures for e-mail intake: one real dovecot per test session, a fresh mailbox per test.

Without dovecot (and no way to install it) the IMAP tests are skipped with the reason,
unless UPHELD_REQUIRE_IMAP is set: then they fail, so CI cannot pass without them."""

import itertools
import os
from email.message import EmailMessage

import pytest

from upheld.intake.mail.imap import Mailbox, MailboxConfig

from .dovecot import PASSWORD, Dovecot, ensure_installed

_users = itertools.count(1)


def unavailable(reason: str):
    if os.environ.get("UPHELD_REQUIRE_IMAP"):
        pytest.fail(f"UPHELD_REQUIRE_IMAP is set but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def dovecot():
    reason = ensure_installed()
    if reason:
        unavailable(reason)
    server = Dovecot()
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        unavailable(f"dovecot could not be started: {exc}")
    yield server
    server.stop()


class ComplaintsInbox:
    """A complainant-facing mailbox on the real server, and a way to look into it."""

    def __init__(self, server: Dovecot, user: str):
        self.server, self.user = server, user

    def config(self, tls: str = "none", **changes) -> MailboxConfig:
        port = self.server.ssl_port if tls == "ssl" else self.server.port
        values = {
            "host": self.server.host,
            "port": port,
            "tls": tls,
            "user": self.user,
            "password": PASSWORD,
            "ca_file": str(self.server.cert or ""),
            "timeout": 10,
            **changes,
        }
        return MailboxConfig(**values)

    def deliver(self, message: EmailMessage | bytes, folder: str = "INBOX", when=None):
        """Put a message in the mailbox as a mail server would (IMAP APPEND)."""
        raw = message if isinstance(message, bytes) else message.as_bytes()
        with Mailbox(self.config()) as box:
            box.append(folder, raw, when)

    def count(self, folder: str = "INBOX") -> int:
        with Mailbox(self.config()) as box:
            box.ensure(folder)
            return box.count(folder)

    def counts(self) -> dict[str, int]:
        return {f: self.count(f) for f in ("INBOX", "Upheld/Processed", "Upheld/Quarantine")}


@pytest.fixture
def mailbox(dovecot, settings):
    """A new, empty mailbox, and Upheld's settings pointed at it."""
    box = ComplaintsInbox(dovecot, f"complaints{next(_users)}-{os.getpid()}")
    settings.UPHELD_IMAP_HOST, settings.UPHELD_IMAP_PORT = dovecot.host, dovecot.port
    settings.UPHELD_IMAP_TLS = "none"
    settings.UPHELD_IMAP_USER, settings.UPHELD_IMAP_PASSWORD = box.user, PASSWORD
    settings.UPHELD_IMAP_FOLDER = "INBOX"
    settings.UPHELD_IMAP_PROCESSED_FOLDER = "Upheld/Processed"
    settings.UPHELD_IMAP_QUARANTINE_FOLDER = "Upheld/Quarantine"
    settings.UPHELD_IMAP_TIMEOUT = 10
    return box

"""A small IMAP4rev1 client over imaplib (RFC 3501, MOVE RFC 6851, UIDPLUS RFC 4315).

Works with UIDs only (sequence numbers shift as messages move), reads with BODY.PEEK so
the \\Seen flag is left alone, quotes and UTF-7-encodes folder names, and uses the
server's hierarchy delimiter: "Upheld/Processed" becomes "Upheld.Processed" on a server
whose delimiter is ".". Errors surface as MailboxError with the server's own words."""

import base64
import functools
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass
from datetime import datetime

log = logging.getLogger(__name__)
FETCH_ITEM = re.compile(rb"(UID|RFC822\.SIZE) (\d+)")
INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class MailboxError(Exception):
    pass


class ConnectionLost(MailboxError):
    """The session is gone (socket error, BYE): nothing more can be done in this run."""


def _wire(method):
    """Turn a dropped connection inside an IMAP command into ConnectionLost."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (imaplib.IMAP4.abort, OSError) as exc:
            raise ConnectionLost(f"Connection to {self.config.host} lost: {exc}") from exc

    return wrapped


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    tls: str  # none | starttls | ssl
    user: str
    password: str
    folder: str = "INBOX"
    processed_folder: str = "Upheld/Processed"
    quarantine_folder: str = "Upheld/Quarantine"
    ca_file: str = ""
    timeout: float = 30

    @classmethod
    def from_settings(cls) -> "MailboxConfig | None":
        from django.conf import settings

        if not settings.UPHELD_IMAP_HOST:
            return None
        return cls(
            settings.UPHELD_IMAP_HOST,
            int(settings.UPHELD_IMAP_PORT),
            settings.UPHELD_IMAP_TLS,
            settings.UPHELD_IMAP_USER,
            settings.UPHELD_IMAP_PASSWORD,
            settings.UPHELD_IMAP_FOLDER,
            settings.UPHELD_IMAP_PROCESSED_FOLDER,
            settings.UPHELD_IMAP_QUARANTINE_FOLDER,
            settings.UPHELD_IMAP_CA_FILE,
            settings.UPHELD_IMAP_TIMEOUT,
        )


@dataclass(frozen=True)
class Summary:
    uid: int
    size: int
    internal_date: datetime | None


def utf7(name: str) -> str:
    """RFC 3501 5.1.3 modified UTF-7 for folder names."""
    out, run = [], []

    def flush():
        if run:
            data = "".join(run).encode("utf-16-be")
            out.append("&" + base64.b64encode(data).decode().rstrip("=").replace("/", ",") + "-")
            run.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            run.append(ch)
    flush()
    return "".join(out)


def internal_date(line: bytes) -> datetime | None:
    """The server's arrival time of a message (RFC 3501 INTERNALDATE), timezone-aware."""
    found = INTERNALDATE.search(line)
    if not found:
        return None
    try:
        return datetime.strptime(found.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Mailbox:
    """One logged-in session on one folder. Use as a context manager."""

    use_move = True  # MOVE when the server offers it; else COPY + \\Deleted + EXPUNGE

    def __init__(self, config: MailboxConfig):
        self.config = config
        self.conn: imaplib.IMAP4 | None = None
        self.capabilities: set[str] = set()
        self.delimiter = "/"

    def __enter__(self) -> "Mailbox":
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _ok(self, result, what: str):
        typ, data = result
        if typ != "OK":
            said = b" ".join(d for d in data if isinstance(d, bytes)).decode(errors="replace")
            raise MailboxError(f"IMAP {what} failed: {said or typ}")
        return data

    def open(self) -> None:
        c = self.config
        if c.tls not in ("none", "starttls", "ssl"):
            raise MailboxError(f"UPHELD_IMAP_TLS must be none, starttls or ssl, not {c.tls!r}.")
        if c.tls == "none" and c.host not in ("127.0.0.1", "::1", "localhost"):
            log.warning(
                "The IMAP password for %s is sent unencrypted (UPHELD_IMAP_TLS=none)", c.host
            )
        context = ssl.create_default_context(cafile=c.ca_file or None)
        try:
            if c.tls == "ssl":
                self.conn = imaplib.IMAP4_SSL(
                    c.host, c.port, ssl_context=context, timeout=c.timeout
                )
            else:
                self.conn = imaplib.IMAP4(c.host, c.port, timeout=c.timeout)
                if c.tls == "starttls":
                    self.conn.starttls(ssl_context=context)
            if (c.user + c.password).isascii():
                self._ok(self.conn.login(c.user, c.password), "login")
            else:  # LOGIN is ASCII-only; SASL PLAIN carries UTF-8 (RFC 4616)
                plain = f"\0{c.user}\0{c.password}".encode()
                self._ok(self.conn.authenticate("PLAIN", lambda _: plain), "AUTHENTICATE")
        except (OSError, imaplib.IMAP4.error) as exc:
            self.close()
            said = exc.args[0] if exc.args and isinstance(exc, imaplib.IMAP4.error) else exc
            said = said.decode(errors="replace") if isinstance(said, bytes) else said
            raise MailboxError(
                f"Cannot log in to {c.host}:{c.port} as {c.user!r} ({c.tls}): {said}"
            ) from exc
        caps = self._ok(self.conn.capability(), "CAPABILITY")
        self.capabilities = set(b" ".join(caps).decode().upper().split())
        listed = self._ok(self.conn.list('""', '""'), "LIST")
        found = re.match(r'\(.*?\) "(.)"', (listed[0] or b"").decode(errors="replace"))
        self.delimiter = found.group(1) if found else "/"

    def close(self) -> None:
        if self.conn is None:
            return
        try:
            if self.conn.state == "SELECTED":
                self.conn.close()
            self.conn.logout()
        except (OSError, imaplib.IMAP4.error):
            pass
        self.conn = None

    def name(self, folder: str) -> str:
        """The folder's name on the wire (delimiter, UTF-7, quoting)."""
        if folder.upper() == "INBOX":
            return "INBOX"
        return quoted(utf7(folder.replace("/", self.delimiter)))

    @_wire
    def ensure(self, folder: str) -> None:
        """Create (and subscribe to) a folder unless it exists."""
        wire = self.name(folder)
        if self._ok(self.conn.list('""', wire), "LIST") != [None]:
            return
        typ, data = self.conn.create(wire)
        if typ != "OK" and self._ok(self.conn.list('""', wire), "LIST") == [None]:
            raise MailboxError(f"Cannot create folder {folder!r}: {data}")
        self.conn.subscribe(wire)

    @_wire
    def select(self, folder: str) -> int:
        data = self._ok(self.conn.select(self.name(folder)), f"SELECT {folder}")
        return int(data[0] or 0)

    @_wire
    def summaries(self) -> list[Summary]:
        """UID, size and arrival time of every message not already marked deleted."""
        uids = self._ok(self.conn.uid("SEARCH", None, "UNDELETED"), "SEARCH")[0].split()
        found = []
        for start in range(0, len(uids), 500):
            chunk = b",".join(uids[start : start + 500]).decode()
            data = self._ok(
                self.conn.uid("FETCH", chunk, "(UID RFC822.SIZE INTERNALDATE)"), "FETCH"
            )
            for line in data:
                if not isinstance(line, bytes):
                    continue
                items = dict(FETCH_ITEM.findall(line))
                if b"UID" not in items:
                    continue
                found.append(
                    Summary(
                        int(items[b"UID"]), int(items.get(b"RFC822.SIZE", 0)), internal_date(line)
                    )
                )
        return sorted(found, key=lambda s: s.uid)

    @_wire
    def fetch(self, uid: int, header_only: bool = False) -> bytes:
        part = "(BODY.PEEK[HEADER])" if header_only else "(BODY.PEEK[])"
        data = self._ok(self.conn.uid("FETCH", str(uid), part), f"FETCH {uid}")
        for item in data:
            if isinstance(item, tuple):
                return item[1]
        raise MailboxError(f"Message UID {uid} has gone from the folder.")

    @_wire
    def move(self, uid: int, folder: str) -> None:
        """Move one message (MOVE, else COPY + \\Deleted + UID EXPUNGE)."""
        wire, u = self.name(folder), str(uid)
        if self.use_move and "MOVE" in self.capabilities:
            self._ok(self.conn.uid("MOVE", u, wire), f"MOVE {uid} to {folder}")
            return
        self._ok(self.conn.uid("COPY", u, wire), f"COPY {uid} to {folder}")
        self._ok(self.conn.uid("STORE", u, "+FLAGS.SILENT", r"(\Deleted)"), f"STORE {uid}")
        if "UIDPLUS" in self.capabilities:
            self._ok(self.conn.uid("EXPUNGE", u), f"UID EXPUNGE {uid}")
        else:
            self._ok(self.conn.expunge(), "EXPUNGE")

    @_wire
    def count(self, folder: str) -> int:
        """How many messages the folder holds (STATUS MESSAGES)."""
        data = self._ok(self.conn.status(self.name(folder), "(MESSAGES)"), f"STATUS {folder}")
        return int(re.search(rb"MESSAGES (\d+)", data[0]).group(1))

    @_wire
    def append(self, folder: str, raw: bytes, when: datetime | None = None) -> None:
        stamp = imaplib.Time2Internaldate(when) if when else None
        self._ok(self.conn.append(self.name(folder), None, stamp, raw), f"APPEND {folder}")

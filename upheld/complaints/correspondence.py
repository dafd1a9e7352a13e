"""Every letter the lifecycle sends to a complainant goes out through here (ISO 10002 7.3,
7.4, 7.6, 7.8; DISP 1.6.2R): the acknowledgement by post, a request for information, a
holding response, the decision (final response).

The letters app, above the complaints in the layers, writes them: it registers its writer
at start-up (letters/apps.py), so the lifecycle names what to send and never imports the
letters. A writer fills the template for the complaint, checks what the regulator requires
(refusing with an InvalidInput that names what is missing) and queues the letter in the
caller's transaction, so a move that cannot send its letter changes nothing.

A letter received or a telephone call staff record (add_correspondence by post or phone,
with the scans as its files) is kept by the same writer beside the letters sent
(`keep_inbound`).
"""

from typing import Protocol


class Writer(Protocol):
    def send(
        self,
        complaint,
        kind: str,
        *,
        way: str,
        context: dict | None = None,
        secret: str = "",
        by=None,
    ) -> object: ...

    def keep_inbound(
        self, complaint, *, channel: str, item, by=None, scans: list | None = None
    ) -> object: ...


_writer: Writer | None = None


def register(writer: Writer) -> None:
    global _writer
    _writer = writer


def writer() -> Writer:
    if _writer is None:  # pragma: no cover — the letters app registers it at start-up
        raise RuntimeError("No letter writer is registered (upheld.letters is not installed).")
    return _writer


def send(complaint, kind: str, *, way: str, context: dict | None = None, secret: str = "", by=None):
    """Write `kind` to the complainant by `way` ("email" or "letter"), in the caller's
    transaction. Raises InvalidInput naming what the letter lacks; returns the letter."""
    return writer().send(complaint, kind, way=way, context=context, secret=secret, by=by)


# The channels of a letter received or a call taken: kept as letters (keep_inbound).
INBOUND = ("post", "letter", "phone")


def keep_inbound(complaint, *, channel: str, item, by=None, scans: list | None = None):
    """Keep a letter received or a call taken (the Correspondence row `item`, with the
    trail's record of its scans) beside the letters sent."""
    return writer().keep_inbound(complaint, channel=channel, item=item, by=by, scans=scans)

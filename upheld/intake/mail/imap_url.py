"""Read an IMAP mailbox address like imaps://user:pass@host:993/INBOX into settings.

Kept free of Django imports so settings.py can use it. Schemes:
  imap://            plain IMAP (port 143), no TLS — only for a server on the same host
  imap+starttls://   IMAP upgraded with STARTTLS (port 143)
  imaps://           IMAP over TLS (port 993)
User and password are percent-decoded (write "@" as %40). The path, if any, is the folder.
"""

from urllib.parse import unquote, urlsplit

SCHEMES = {"imap": "none", "imap+starttls": "starttls", "imaps": "ssl"}
DEFAULT_PORTS = {"none": 143, "starttls": 143, "ssl": 993}


def parse_imap_url(url: str) -> dict:
    """Return the UPHELD_IMAP_* values the address gives (folder only when it names one)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(
            f"IMAP address must start with {', '.join(s + '://' for s in SCHEMES)}"
            f"; got {url.split(':', 1)[0]!r}."
        )
    if not parts.hostname:
        raise ValueError("IMAP address has no host.")
    tls = SCHEMES[scheme]
    values = {
        "HOST": parts.hostname,
        "PORT": parts.port or DEFAULT_PORTS[tls],
        "TLS": tls,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
    }
    folder = unquote(parts.path.lstrip("/"))
    if folder:
        values["FOLDER"] = folder
    return values

"""Which files a complaint may carry (ISO 10002 7.2 supporting data, 4.3 accessibility).

A file's type is taken from its content (magic bytes), never from its name or from what the
sender's browser claims, and checked against UPHELD_ATTACHMENT_TYPES and
UPHELD_ATTACHMENT_MAX_BYTES. Every channel (web form, staff entry, e-mail, API) uses `check`.
"""

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import file_content

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TYPES = (
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "audio/mpeg",
    "audio/wav",
    "audio/ogg",
    "audio/mp4",
)
# What people call each type, for messages ("Allowed: PDF, PNG …").
NAMES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
    "text/plain": "TXT",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/msword": "DOC",
    "application/zip": "ZIP",
    "audio/mpeg": "MP3",
    "audio/wav": "WAV",
    "audio/ogg": "OGG",
    "audio/mp4": "M4A",
    "video/mp4": "MP4",
    "message/rfc822": "EML",
    "application/x-msdownload": "EXE",
    "application/x-executable": "ELF",
    "text/html": "HTML",
}

_PREFIXES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/msword"),
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
)


def allowed_types() -> tuple[str, ...]:
    return tuple(getattr(settings, "UPHELD_ATTACHMENT_TYPES", None) or DEFAULT_TYPES)


def max_bytes() -> int:
    return int(getattr(settings, "UPHELD_ATTACHMENT_MAX_BYTES", None) or DEFAULT_MAX_BYTES)


def describe_allowed() -> str:
    """'PDF, PNG, JPEG …' for hints and messages."""
    return ", ".join(dict.fromkeys(NAMES.get(t, t) for t in allowed_types()))


def _zip_type(content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # Read a bounded prefix: a crafted "mimetype" entry could inflate to gigabytes.
                with archive.open("mimetype") as entry:
                    declared = entry.read(128).decode("ascii", "replace").strip()
                if declared.startswith("application/vnd.oasis.opendocument."):
                    return declared
            if "[Content_Types].xml" in names:
                for folder, kind in (
                    ("word/", "wordprocessingml.document"),
                    ("xl/", "spreadsheetml.sheet"),
                    ("ppt/", "presentationml.presentation"),
                ):
                    if any(n.startswith(folder) for n in names):
                        return f"application/vnd.openxmlformats-officedocument.{kind}"
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        pass
    return "application/zip"


def _is_text(content: bytes) -> bool:
    sample = content[:65536]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still text.
        if exc.start < len(sample) - 3:
            return False
    head = sample[:512].lstrip().lower()
    return not head.startswith((b"<!doctype html", b"<html", b"<script", b"<svg"))


def sniff(content: bytes) -> str | None:
    """The content type the bytes show, or None when they match nothing known."""
    if not content:
        return None
    for prefix, kind in _PREFIXES:
        if content.startswith(prefix):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
        return "audio/wav"
    if content[4:8] == b"ftyp":
        brand = content[8:12]
        return "audio/mp4" if brand in (b"M4A ", b"M4B ") else "video/mp4"
    if content[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if content.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    head = content[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<script")):
        return "text/html"
    if _is_text(content):
        return "text/plain"
    return None


def check(filename: str, content: bytes) -> str:
    """The file's content type if it may be kept; otherwise ValueError saying why, in words
    the sender understands (the file name, its size or type, and what is allowed)."""
    limit = max_bytes()
    if not content:
        raise ValueError(_("“%(name)s” is empty. Choose the file again.") % {"name": filename})
    if len(content) > limit:
        raise ValueError(
            _(
                "“%(name)s” is %(size)s; files can be at most %(limit)s. Send a smaller file, "
                "or send it to us another way."
            )
            % {
                "name": filename,
                "size": filesizeformat(len(content)),
                "limit": filesizeformat(limit),
            }
        )
    kind = sniff(content)
    if kind is None or kind not in allowed_types():
        what = NAMES.get(kind or "", "") or _("unknown type")
        raise ValueError(
            _(
                "“%(name)s” is a type of file we cannot accept (%(what)s). Allowed types: "
                "%(allowed)s."
            )
            % {"name": filename, "what": what, "allowed": describe_allowed()}
        )
    if file_content.name_disagrees(filename, kind):
        raise ValueError(
            _(
                "“%(name)s” is not what its name says: its content is %(what)s. Rename it "
                "or send the right file."
            )
            % {"name": filename, "what": NAMES.get(kind, kind)}
        )
    if file_content.holds_html(content, kind):
        raise ValueError(
            _("“%(name)s” has web page code inside it, which we do not accept in a %(what)s file.")
            % {"name": filename, "what": NAMES.get(kind, kind)}
        )
    if content.startswith(b"PK\x03\x04") and file_content.expands_too_far(content):
        raise ValueError(
            _("“%(name)s” expands to more than %(limit)s when opened; send a smaller file.")
            % {"name": filename, "limit": filesizeformat(file_content.max_expanded())}
        )
    return kind

"""What a file must be besides its type (issue 12, point 10): what its name says, nothing
a browser would run, and — for archives (DOCX, XLSX, ODT…) — no more than a bounded size
once expanded. `filetypes.check` asks these for every channel.

- The extension agrees with the content: "statement.pdf" that is a ZIP is refused.
- No HTML inside a binary type: a PDF/HTML polyglot (a PDF whose bytes are also a web page)
  would run as a page if a browser ever took it for one.
- An archive expands to at most UPHELD_ATTACHMENT_MAX_EXPANDED_BYTES (default 100 MiB),
  counted by expanding it, not by trusting the sizes it declares: a zip bomb named .docx
  (a few KiB that expand to gigabytes) is refused after reading at most that much.
"""

import io
import re
import zipfile
from pathlib import PurePath

from django.conf import settings

DEFAULT_MAX_EXPANDED = 100 * 1024 * 1024
MAX_ENTRIES = 10_000
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "image/tiff": {".tif", ".tiff"},
    "text/plain": {".txt", ".text", ".log", ".csv", ".md"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/msword": {".doc", ".xls", ".ppt", ".msg"},
    "application/zip": {".zip"},
    "audio/mpeg": {".mp3"},
    "audio/wav": {".wav"},
    "audio/ogg": {".ogg", ".oga", ".opus"},
    "audio/mp4": {".m4a", ".m4b", ".mp4"},
    "video/mp4": {".mp4", ".m4v"},
}
KNOWN = set().union(*EXTENSIONS.values()) | {".html", ".htm", ".svg", ".exe", ".js"}
HTML = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]", re.I
)
CHUNK = 64 * 1024


def max_expanded() -> int:
    return int(getattr(settings, "UPHELD_ATTACHMENT_MAX_EXPANDED_BYTES", DEFAULT_MAX_EXPANDED))


def name_disagrees(filename: str, kind: str) -> bool:
    """True when the name's extension is one we know and is not one of this type's."""
    extension = PurePath(filename).suffix.lower()
    return extension in KNOWN and extension not in EXTENSIONS.get(kind, set())


def holds_html(content: bytes, kind: str) -> bool:
    """Markup a browser would render, inside a file of a type that has none."""
    return kind != "text/plain" and HTML.search(content) is not None


def expands_too_far(content: bytes) -> bool:
    """True when the archive's entries, expanded, pass the limit (or are too many, or
    cannot be read)."""
    budget = max_expanded()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > budget:
                return True
            for entry in entries:
                with archive.open(entry) as stream:
                    while chunk := stream.read(CHUNK):
                        budget -= len(chunk)
                        if budget < 0:
                            return True
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return True
    except NotImplementedError:  # a compression method Python cannot read
        return True
    return False

"""ISO 10002 7.2: attachments are accepted by what they are, not by what they are called —
and a crafted file cannot make Upheld read more than it was sent."""

import io
import zipfile

from upheld.complaints import filetypes


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_opendocument_text_is_known_by_its_declared_type():
    content = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"x"})
    assert filetypes.sniff(content) == "application/vnd.oasis.opendocument.text"


def test_a_pdf_named_like_a_picture_is_still_a_pdf():
    assert filetypes.sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj") == "application/pdf"


def test_a_zip_bomb_in_the_mimetype_entry_is_not_inflated(monkeypatch):
    # 50 MB of zeros compresses to ~50 kB; only a bounded prefix may ever be read.
    bomb = _zip({"mimetype": b"application/vnd.oasis.opendocument.text" + b"\0" * 50_000_000})
    assert len(bomb) < 200_000
    reads = []
    real_open = zipfile.ZipFile.open

    def spying_open(self, name, *args, **kwargs):
        entry = real_open(self, name, *args, **kwargs)
        real_read = entry.read
        entry.read = lambda n=-1: reads.append(n) or real_read(n)
        return entry

    monkeypatch.setattr(zipfile.ZipFile, "open", spying_open)
    filetypes.sniff(bomb)
    assert reads and all(0 < n <= 1024 for n in reads)

"""Issue 12, point 10: an attachment is what its name says, carries no web page, and an
archive does not expand beyond a bound. Before, a zip bomb named .docx and a PDF/HTML
polyglot were both accepted (and would be served by the desk)."""

import io
import zipfile

import pytest

from upheld.complaints import filetypes

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n"
POLYGLOT = PDF + b"<html><body><script>fetch('/desk/')</script></body></html>\n"


def docx(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValueError) as refused:
        filetypes.check(name, content)
    return str(refused.value)


def test_a_pdf_that_is_also_a_web_page_is_refused():
    assert "web page code" in refusal("statement.pdf", POLYGLOT)
    assert filetypes.check("statement.pdf", PDF) == "application/pdf"


def test_a_zip_bomb_named_docx_is_refused_by_its_expanded_size(settings):
    bomb = docx({"word/document.xml": b"\0" * 120_000_000})
    assert len(bomb) < 200_000
    assert "expands to more than 100.0\xa0MB" in refusal("contract.docx", bomb)
    settings.UPHELD_ATTACHMENT_MAX_EXPANDED_BYTES = 1_000_000
    assert "expands" in refusal("c.docx", docx({"word/document.xml": b"\0" * 2_000_000}))
    ordinary = docx({"word/document.xml": b"<w:document/>" * 1000})
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert filetypes.check("contract.docx", ordinary) == kind


def test_a_zip_that_lies_about_its_sizes_is_still_counted(settings):
    settings.UPHELD_ATTACHMENT_MAX_EXPANDED_BYTES = 1_000_000
    content = bytearray(docx({"word/document.xml": b"\0" * 3_000_000}))
    # Declare 10 bytes in the central directory and the local header: the expansion counts.
    for header, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (at := content.find(header, start)) >= 0:
            content[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
            start = at + 4
    assert "expands" in refusal("c.docx", bytes(content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statement.pdf", docx({"word/document.xml": b"x"})),
        ("photo.png", PDF),
        ("letter.docx", PDF),
    ],
)
def test_a_file_whose_name_says_another_type_is_refused(name, content):
    assert "is not what its name says" in refusal(name, content)


@pytest.mark.parametrize("name", ["statement", "statement.PDF", "scan.final.pdf"])
def test_names_without_a_known_extension_or_in_capitals_are_taken(name):
    assert filetypes.check(name, PDF) == "application/pdf"

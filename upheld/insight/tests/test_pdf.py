"""ISO 10002 8.6: the management-review pack as a PDF through the letters' renderer, with
every input Upheld holds; any report as a PDF table."""

import io

from django.core.management import call_command
from pypdf import PdfReader


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_management_review_pack_holds_the_inputs_of_8_6(march, tmp_path):
    path = tmp_path / "review.pdf"
    call_command("report", "management-review", "--from", "2026-03-01", "--to", "2026-03-31",
                 "--format", "pdf", "--output", str(path))  # fmt: skip
    text = text_of(path.read_bytes())
    for heading in (
        "Management review pack",
        "Results of the analysis",
        "Trend",
        "Recurring and systemic problems",
        "satisfaction",
        "Objectives",
        "Audits and the previous review",
        "Recommendations",
    ):
        assert heading in text, heading
    assert "Received" in text and "3" in text


def test_a_report_as_a_pdf_table(march, tmp_path):
    path = tmp_path / "kpis.pdf"
    call_command("report", "kpis", "--from", "2026-03-01", "--to", "2026-03-31", "--by",
                 "channel", "--format", "pdf", "--output", str(path))  # fmt: skip
    text = text_of(path.read_bytes())
    assert "KPIs" in text and "web form" in text

"""Letters as PDF with Typst (the `typst` wheel: no system packages, fonts embedded). The
letter's layout is one Typst file (templates/letters/letter.typ); every word printed is
given to it as JSON data in `sys.inputs`, never pasted into its source, so user text is
never read as markup. The PDF is tagged, with its language and title set (PDF/UA-1 where
Typst can make it)."""

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import typst
from django.utils import translation
from django.utils.translation import gettext as _

SOURCE = (Path(__file__).parent / "templates" / "letters" / "letter.typ").read_bytes()
_local = threading.local()


def _compiler() -> "typst.Compiler":
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        # Only the fonts inside the wheel: the same letter on every machine.
        compiler = _local.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler


def layout(
    *,
    language: str,
    org: dict,
    reference: str,
    recipient: list[str],
    date: str,
    subject: str,
    blocks: list[dict],
    signatory: str,
    enclosures: list[str],
    logo: str = "",
) -> dict:
    """The data the Typst file reads; labels in the letter's language."""
    with translation.override(language):
        return {
            "lang": language[:2],
            "title": f"{subject} — {reference}",
            "org": {
                "name": org.get("name", ""),
                "address_lines": list(org.get("address_lines", [])),
                "phone": org.get("phone", ""),
                "email": org.get("email", ""),
                "website": org.get("website", ""),
            },
            "logo": logo,
            "recipient": recipient,
            "date": date,
            "reference_label": _("Our reference:"),
            "reference": reference,
            "subject": subject,
            "blocks": blocks,
            "closing": _("Yours sincerely,"),
            "signatory": signatory,
            "enclosures": enclosures,
            "enclosed_label": _("Enclosed:"),
            "page_label": _("Page"),
        }


def render(data: dict, *, logo_path: str = "", fmt: str = "pdf", ppi: float = 144) -> bytes:
    """The letter as PDF (or PNG of its first page, for the docs). `logo_path` is the
    organisation's logo file; its folder is Typst's root, so the letter can read that file
    and nothing else."""
    root = None
    if logo_path:
        path = Path(logo_path)
        root, data = str(path.parent), {**data, "logo": path.name}
    out = _compiler().compile(
        input=SOURCE,
        format=fmt,
        ppi=ppi if fmt == "png" else None,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        root=root or str(Path(__file__).parent / "templates" / "letters"),
        pdf_standards=["ua-1"] if fmt == "pdf" else [],
        timestamp=datetime.now(tz=UTC).replace(microsecond=0),
    )
    if isinstance(out, list):
        out = out[0]
    assert out is not None
    return out

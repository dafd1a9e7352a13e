"""The FCA final response as the complainant reads it, in English and Spanish: its first
page rendered to PNG by Typst from the kept letter's own source and data. Saved under
UPHELD_SCREENSHOTS (docs/make_letter_images.py) for the README."""

import os
from pathlib import Path

import pytest

from upheld.complaints import lifecycle
from upheld.letters import service

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_fca_final_response_renders_as_an_image_of_its_first_page(
    decided, handler, run_worker, language
):
    c = decided(
        complainant={
            "name": "Ada Lovelace",
            "postal_address": "12 Analytical Row\nLondon\nN1 9GU",
            "email": "ada@example.org",
            "preferred_language": language,
        }
    )
    c = lifecycle.choose_regime(c, by=handler, regime="fca", reason="A bank account.")
    c = lifecycle.communicate_decision(c, by=handler, method="letter")
    run_worker()
    letter = c.letters.get(kind="decision")
    assert letter.language == language and letter.produced
    png = service.image(letter)
    assert png.startswith(PNG) and len(png) > 20_000
    folder = os.environ.get("UPHELD_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"letter-fca-final-response-{language}.png").write_bytes(png)

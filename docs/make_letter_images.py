"""Render an FCA final response in English and in Spanish to PNG in docs/screenshots/
(letter-fca-final-response-en.png, -es.png): the first page of the kept letter, as Typst
renders its own source and data, from the letters' image test.

    .venv/bin/python docs/make_letter_images.py
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    env = {**os.environ, "UPHELD_SCREENSHOTS": str(ROOT / "docs" / "screenshots")}
    env.pop("DATABASE_URL", None)
    test = "upheld/letters/tests/test_letter_images.py"
    sys.exit(
        subprocess.call([sys.executable, "-m", "pytest", "-q", "-n", "0", test], cwd=ROOT, env=env)
    )

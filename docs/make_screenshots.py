"""Take the screenshots in docs/screenshots/ from the browser tests (real Chromium).

    .venv/bin/python docs/make_screenshots.py

Runs upheld/intake/web/tests/browser with UPHELD_SCREENSHOTS pointing here; the tests save
the how-to-complain page, the form, its error state and the confirmation, in each language;
and upheld/portal/tests/browser, the complainant's pages (tracking, decision, survey, the
lost link's recovery, error states).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    env = {**os.environ, "UPHELD_SCREENSHOTS": str(ROOT / "docs" / "screenshots")}
    env.setdefault(
        "UPHELD_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "upheld-screenshots.sqlite3")
    )
    sys.exit(
        subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:warnings",
                "upheld/intake/web/tests/browser",
                "upheld/portal/tests/browser",
                "-k",
                "accessibility_violations or complainant_follows or lost_link",
            ],
            cwd=ROOT,
            env=env,
        )
    )

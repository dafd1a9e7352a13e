"""Take the screenshots of an audit's page and a management review's page, and a page of the
audit report, in docs/screenshots/, from the browser tests (real Chromium).

    .venv/bin/python docs/make_assurance_screenshots.py
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
                "-n",
                "0",
                "upheld/assurance/tests/browser",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
        )
    )

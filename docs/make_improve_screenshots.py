"""Take the improvement pages' screenshots (start from a flagged problem, the analysis
with an error named, an action, its effectiveness check, the lists, external decisions) in
docs/screenshots/, from the browser tests (real Chromium).

    .venv/bin/python docs/make_improve_screenshots.py
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
                "upheld/improve/tests/browser",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
        )
    )

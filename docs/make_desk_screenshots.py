"""Take the desk's screenshots in docs/screenshots/ from its browser tests (real
Chromium): one complaint on the desk after a walk from triage to closure, the decision's
form with a remedy, a form's error state; the desk's home, its queues (breached, due soon,
the team's), the notices and my tasks; a complaint's letters with a preview, the post room,
the letter templates, a template's preview for a sample complaint and a refused one.

    .venv/bin/python docs/make_desk_screenshots.py
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
        "UPHELD_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "upheld-desk-shots.sqlite3")
    )
    env.pop("DATABASE_URL", None)
    sys.exit(
        subprocess.call(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-n",
                "0",
                "-p",
                "no:warnings",
                "upheld/desk/complaint/tests/browser",
                "upheld/desk/queues/tests/browser",
                "upheld/desk/letters/tests/browser",
                "-k",
                "triage_to_closure or as_a_handler or writes_previews or keeps_the_templates",
            ],
            cwd=ROOT,
            env=env,
        )
    )

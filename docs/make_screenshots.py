"""Take the screenshots in docs/screenshots/ from the browser tests (real Chromium): each
test saves its pages when UPHELD_SCREENSHOTS points here.

    .venv/bin/python docs/make_screenshots.py              # every area
    .venv/bin/python docs/make_screenshots.py desk insight # some of them

The areas: `public` — the how-to-complain page, the form, its error state and the
confirmation in each language, and the complainant's pages (tracking, decision, survey, the
lost link's recovery, error states); `desk` — one complaint after a walk from triage to
closure, the decision's form, a form's error state, the home, the queues, the notices, my
tasks, a complaint's letters, the post room, the letter templates; `insight` — the
dashboards of each role and a page of the management-review pack; `improve` — a flagged
problem, an analysis, an action and its effectiveness check, the lists, external bodies'
decisions; `assurance` — an audit from plan to report, a management review. The admin's
pages on the demo data: docs/make_admin_screenshots.py.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS: dict[str, list[str]] = {
    "public": [
        "upheld/intake/web/tests/browser",
        "upheld/portal/tests/browser",
        "-k",
        "accessibility_violations or complainant_follows or lost_link",
    ],
    "desk": [
        "upheld/desk/complaint/tests/browser",
        "upheld/desk/queues/tests/browser",
        "upheld/desk/letters/tests/browser",
    ],
    "insight": ["upheld/insight/tests/browser"],
    "improve": ["upheld/improve/tests/browser"],
    "assurance": ["upheld/assurance/tests/browser"],
}


def take(area: str) -> int:
    env = {**os.environ, "UPHELD_SCREENSHOTS": str(ROOT / "docs" / "screenshots")}
    env.setdefault(
        "UPHELD_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "upheld-screenshots.sqlite3")
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:warnings", "-n", "0"]
    return subprocess.call([*command, *AREAS[area]], cwd=ROOT, env=env)


if __name__ == "__main__":
    chosen = sys.argv[1:] or list(AREAS)
    unknown = [a for a in chosen if a not in AREAS]
    if unknown:
        sys.exit(f"unknown area {', '.join(unknown)}: choose from {', '.join(AREAS)}")
    sys.exit(max(take(area) for area in chosen))

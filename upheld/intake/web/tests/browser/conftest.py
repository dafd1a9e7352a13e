"""Browser fixtures: Debian's Chromium driven by Playwright, and axe-core from npm.

Without Chromium (or npm) the browser tests skip, unless UPHELD_REQUIRE_BROWSER=1 (CI), when
they fail instead. axe-core is installed here from package-lock.json on first use."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHROMIUM = os.environ.get("UPHELD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _unavailable(why: str):
    if os.environ.get("UPHELD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here but cannot run: {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (the browser tests live in one module).

    While Playwright's sync API runs, this thread holds an event loop, and Django refuses
    ORM calls from a thread with a loop unless told they are safe; the tests' own ORM calls
    (and the database teardown) are plain synchronous ones, so they are, for that time only.
    """
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def axe_source() -> str:
    script = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm is missing, so axe-core cannot be installed")
        command = "ci" if (HERE / "package-lock.json").exists() else "install"
        subprocess.run(
            [npm, command, "--no-audit", "--no-fund"],
            cwd=HERE,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return script.read_text()


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context; `language` sets Accept-Language like a browser."""
    contexts = []

    def make(language: str = "en"):
        context = browser.new_context(locale=language, viewport={"width": 1000, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def axe(axe_source):
    """Run axe-core on the page; return the WCAG 2.x A/AA violations, readably."""

    def check(page) -> list[str]:
        # Evaluated, not added as an inline <script>: the pages' Content-Security-Policy
        # (rightly) refuses inline scripts.
        page.evaluate(f"() => {{ {axe_source}\n }}")
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations)",
            AXE_TAGS,
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]

    return check


@pytest.fixture
def screenshot():
    """Save a screenshot under UPHELD_SCREENSHOTS (docs/make_screenshots.py sets it)."""
    folder = os.environ.get("UPHELD_SCREENSHOTS")

    def take(page, name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take

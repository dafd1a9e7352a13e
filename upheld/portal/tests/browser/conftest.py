"""The browser fixtures of the public pages' tests (Debian's Chromium by Playwright,
axe-core from npm), shared rather than written twice."""

from upheld.intake.web.tests.browser.conftest import (  # noqa: F401 — fixtures
    axe,
    axe_source,
    browser,
    new_page,
    screenshot,
)

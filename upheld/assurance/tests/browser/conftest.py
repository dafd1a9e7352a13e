"""The browser fixtures of the public pages' tests (Debian's Chromium, axe-core), used here
for the auditor's and top management's pages."""

from upheld.intake.web.tests.browser.conftest import (  # noqa: F401
    axe,
    axe_source,
    browser,
    new_page,
    screenshot,
)

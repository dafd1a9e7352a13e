"""The browser fixtures of the public pages' tests (Debian's Chromium, axe-core)."""

from upheld.intake.web.tests.browser.conftest import (  # noqa: F401
    axe,
    axe_source,
    browser,
    new_page,
    screenshot,
)

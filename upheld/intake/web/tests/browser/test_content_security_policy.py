"""Issue 12, point 10: every page carries a Content-Security-Policy, and the pages still work
under it in a real browser — nothing they need is refused (no inline script or style), and
the API's documentation runs Swagger UI from this site's own static files, not a CDN."""

import pytest

from upheld.complaints import lifecycle

pytestmark = pytest.mark.django_db(transaction=True)


def visit(new_page, url: str) -> tuple[object, list[str], list[str]]:
    """The page, the CSP violations it reported, and every address it loaded."""
    page = new_page()
    refused, loaded = [], []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("request", lambda r: loaded.append(r.url))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, url
    assert "default-src 'self'" in response.headers["content-security-policy"]
    return page, refused, loaded


def test_the_public_pages_work_under_the_policy(live_server, new_page, axe_source):
    complaint = lifecycle.receive(
        channel="web",
        description="Charged twice.",
        complainant={"name": "Ada", "email": "ada@example.org"},
        product="Card",
        remedy_sought="Refund.",
    )
    for path in [
        "/complain/how/",
        "/complain/",
        f"/track/{complaint.secret}",
        "/accounts/login/",
        "/admin/login/",
    ]:
        page, refused, loaded = visit(new_page, live_server.url + path)
        assert refused == [], (path, refused)
        assert all(url.startswith(live_server.url) for url in loaded), (path, loaded)


def test_the_api_documentation_runs_from_this_site_alone(live_server, new_page):
    page, refused, loaded = visit(new_page, f"{live_server.url}/api/v1/docs")
    page.wait_for_selector("#swagger-ui .info .title", timeout=15000)
    assert "Upheld API" in page.inner_text("#swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 20  # the operations are listed
    assert all(url.startswith(live_server.url) for url in loaded), loaded
    assert refused == [], refused

"""The web-form intake path for bench/intake.py: GET the public form, POST it, follow to
the confirmation, as a complainant's browser does (in process, Django's test client).

Register it in bench/intake.py: `from upheld.intake.web.benchpath import WebFormPath` and
`PATHS["web"] = WebFormPath`."""

import re


class WebFormPath:
    name = "web"
    what = ("GET /complain/ + POST (CSRF, one-time token, rate limit, record, trail, "
            "acknowledgement job) + the confirmation page")

    def prepare(self) -> None:
        from django.conf import settings
        from django.test import Client

        # One client address sends every complaint here; lift the per-address limit.
        settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR = 10**9
        self.client = Client()

    def submit(self, payload: dict) -> None:
        page = self.client.get("/complain/")
        token = re.search(rb'name="form_token" value="([^"]+)"', page.content).group(1)
        person = payload["complainant"]
        response = self.client.post("/complain/", {
            "form_token": token.decode(), "name": person.get("name", ""),
            "email": person.get("email", ""), "preferred_language": "en",
            "acting_for": "self", "description": payload["description"],
            "product": payload["product"], "remedy_sought": payload["remedy_sought"],
            "privacy_consent": "on"})
        if response.status_code != 302:
            raise SystemExit(f"POST /complain/ answered {response.status_code}: "
                             f"{response.content[:500]!r}")
        if self.client.get(response["Location"]).status_code != 200:
            raise SystemExit("the confirmation page did not open")

"""Driving a move's form as a browser would: open it (which issues its one-time token),
then send it."""

import re

from django.urls import reverse

TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def open_form(client, complaint, action: str):
    return client.get(reverse("desk:move", args=[complaint.reference, action]))


def send(client, complaint, action: str, data: dict | None = None, *, token: str | None = None):
    """POST the form with the token its page gave; returns (response, token)."""
    if token is None:
        page = open_form(client, complaint, action)
        assert page.status_code == 200, page.content.decode()[:2000]
        token = TOKEN.search(page.content.decode()).group(1)
    answer = client.post(
        reverse("desk:move", args=[complaint.reference, action]),
        {**(data or {}), "form_token": token},
    )
    return answer, token


def remedy_rows(*rows: dict, extra: int = 3) -> dict:
    data = {
        "remedies-TOTAL_FORMS": str(max(len(rows), extra)),
        "remedies-INITIAL_FORMS": "0",
        "remedies-MIN_NUM_FORMS": "0",
        "remedies-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        data.update({f"remedies-{i}-{k}": v for k, v in row.items()})
    return data


def errors_of(answer) -> str:
    """The page's error summary and messages beside fields, as text."""
    return answer.content.decode()

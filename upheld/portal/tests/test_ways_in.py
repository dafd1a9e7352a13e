"""ISO 10002 4.7, 7.3: only the complainant's current private link opens their complaint.
Every way in that must fail — no secret, a wrong one, the old one after a new link, a
revoked one, a reference in its place, another complaint's link with this one's decision
— gets the same answer (the same 404 page, byte for byte but the CSRF token) after the same
work (the same statements), on every page of the portal; and an address that keeps trying
is refused."""

import re
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.notify.models import Message

pytestmark = pytest.mark.django_db
PAGES = ["", "/answer", "/message", "/review", "/withdraw", "/contact", "/survey"]


def same(html: str, path: str = "") -> str:
    """The page without what differs on every response: the CSRF form's masked token, and
    the address asked for (the language switch comes back to it)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(f'value="{path}"', 'value="PATH"') if path else html


def answer_to(client, path: str, post: bool):
    client.get("/track/warm-up")  # what a running server keeps in memory (the organisation)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(path, {}) if post else client.get(path)
    return response.status_code, same(response.content.decode(), path), len(queries)


@pytest.fixture
def wrong_ways(decided, handler, settings, bodies):
    """A complaint with a decision, and every wrong secret for it."""
    settings.UPHELD_TRACK_MISSES_PER_HOUR = 1000
    c = decided()
    other = decided(complainant={"name": "Grace Hopper", "email": "grace@example.org"})
    old = c.secret
    lifecycle.issue_link(c, by=handler, note="lost")
    replaced = old
    revoked_complaint = decided(complainant={"name": "Alan Turing", "email": "alan@example.org"})
    lifecycle.revoke_link(revoked_complaint, by=handler, reason="Forwarded to a third party.")
    return {
        "wrong secret": secrets.token_urlsafe(32),
        "old secret after a new link": replaced,
        "revoked link": revoked_complaint.secret,
        "the reference in its place": c.reference,
        "a secret one character off": other.secret[:-1] + ("A" if other.secret[-1] != "A" else "B"),
        "a secret too long to be one": "x" * 500,
    }


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("post", [False, True], ids=["GET", "POST"])
def test_every_wrong_way_in_gets_the_same_answer_after_the_same_work(
    client, wrong_ways, page, post
):
    answers = {
        name: answer_to(client, f"/track/{secret}{page}", post)
        for name, secret in wrong_ways.items()
    }
    assert len(set(answers.values())) == 1, {k: (s, n) for k, (s, _, n) in answers.items()}
    status, body, _ = next(iter(answers.values()))
    # A page read by GET answers a POST as it would with the right link: 405, not a hint.
    expected = 405 if (post and page == "") or (not post and page not in ("", "/survey")) else 404
    assert status == expected
    if status == 404:
        assert "We cannot find that page" in body and "Get a new link to your complaint" in body
        assert "Demo Bank plc" in body, "under the organisation's name"


def test_no_secret_at_all_gets_the_same_page(client, wrong_ways):
    _, expected, _ = answer_to(client, f"/track/{wrong_ways['wrong secret']}", False)
    for path in ("/track//answer", "/track//survey", "/survey/", "/track//decisions/1"):
        status, body, _ = answer_to(client, path, path.endswith("answer"))
        assert (status, body) == (404, expected), path


def test_another_complaints_link_does_not_open_this_ones_decision(client, decided):
    mine, theirs = decided(), decided(complainant={"name": "G", "email": "g@example.org"})
    my_decision = lifecycle.current_decision(mine)
    assert client.get(f"/track/{mine.secret}/decisions/{my_decision.pk}").status_code == 200
    response = client.get(f"/track/{theirs.secret}/decisions/{my_decision.pk}")
    assert response.status_code == 404
    _, expected, _ = answer_to(client, f"/track/{secrets.token_urlsafe(32)}", False)
    path = f"/track/{theirs.secret}/decisions/{my_decision.pk}"
    assert same(response.content.decode(), path) == expected
    assert "The fee was wrong" not in response.content.decode()


def test_a_new_link_opens_the_page_and_the_old_one_no_longer_does(client, decided, handler):
    c = decided()
    old = c.secret
    assert client.get(f"/track/{old}").status_code == 200
    lifecycle.issue_link(c, by=handler, note="The complainant lost the e-mail.")
    new = Message.objects.filter(complaint=c, kind="tracking_link").get().pending_secret
    assert client.get(f"/track/{old}").status_code == 404
    assert client.get(f"/track/{new}").status_code == 200
    assert "We sent you a new private link" in client.get(f"/track/{new}").content.decode()


def test_a_revoked_link_opens_nothing_until_a_new_one_is_sent(client, decided, handler):
    c = decided()
    lifecycle.revoke_link(c, by=handler, reason="The complainant forwarded it by mistake.")
    assert client.get(f"/track/{c.secret}").status_code == 404
    assert (
        client.post(f"/track/{c.secret}/answer", {"answer-answer": "accepted"}).status_code == 404
    )
    c.refresh_from_db()
    assert c.status == "decision_communicated", "nothing done through a revoked link"
    event = c.events.get(kind="link_revoked")
    assert not event.public and event.actor == handler


def test_the_complainant_cannot_revoke_and_staff_never_see_the_new_link(decided, handler):
    from upheld.complaints.errors import NotPermitted

    c = decided()
    with pytest.raises(NotPermitted):
        lifecycle.revoke_link(c, by=COMPLAINANT, reason="x")
    lifecycle.issue_link(c, by=handler)
    event = c.events.get(kind="link_issued")
    assert event.public and "secret" not in str(event.data)
    msg = Message.objects.get(complaint=c, kind="tracking_link")
    assert msg.to == "ada@example.org" and msg.pending_secret


def test_an_address_that_keeps_guessing_is_refused_even_the_right_link(client, decided, settings):
    settings.UPHELD_TRACK_MISSES_PER_HOUR = 3
    c = decided()
    for _ in range(3):
        assert client.get(f"/track/{secrets.token_urlsafe(32)}").status_code == 404
    assert client.get(f"/track/{c.secret}").status_code == 429
    assert client.get(f"/survey/{secrets.token_urlsafe(32)}").status_code == 429

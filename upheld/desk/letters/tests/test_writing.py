"""The desk's letters page (ISO 10002 7.3, 7.8; capability 28, 29): a handler picks a
template, sees it filled for the complaint, edits it, previews it, and sends it; what was
sent is exactly what is kept. A text the regulator's checks refuse is not sent, and the
page says what is missing. A fixed number of queries, whatever the number of letters."""

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.letters.models import Letter
from upheld.letters.tests.conftest import flat, pdf_text
from upheld.web import formtoken

# session, user, permissions (2), teams; the complaint with decisions, remedies, involved
# staff, clocks; the template, organisation, settings, external bodies, the calendar
# (read by each date the letter writes), the decision again with remedies (the facts the
# template reads); the checks' settings; the kept letters; the layout's organisation.
PAGE = 24


def url(c) -> str:
    return reverse("desk:letters", args=[c.reference])


def form(client, c, **data) -> dict:
    """The letters form as the page fills it for `kind`, with `data` over it."""
    page = client.get(url(c), {"kind": data.get("kind", "progress_update")})
    posted = {
        "form_token": page.context["token"],
        "kind": "progress_update",
        "channel": "",
        "subject": page.context["form"].initial.get("subject", ""),
        "body": page.context["form"].initial.get("body", ""),
        **data,
    }
    return posted


def test_a_template_is_filled_for_the_complaint_and_shown_to_edit(client, handler, decided):
    c = decided()
    client.force_login(handler)
    page = client.get(url(c), {"kind": "progress_update"})
    assert page.status_code == 200
    body = page.context["form"].initial["body"]
    assert c.reference in body and "Ada Lovelace" in body
    assert page.context["preview"].template.kind == "progress_update"


def test_what_is_sent_is_exactly_the_edited_text_and_is_kept(client, handler, decided, run_worker):
    c = decided()
    client.force_login(handler)
    data = form(client, c)
    data["body"] = data["body"] + "\n\nWe have asked the card scheme; expect news by Friday."
    preview = client.post(url(c), {**data, "action": "preview"})
    assert preview.status_code == 200 and not Letter.objects.exists(), "a preview sends nothing"
    assert "expect news by Friday." in preview.content.decode()
    data["form_token"] = preview.context["token"]
    sent = client.post(url(c), {**data, "action": "send"})
    assert sent.status_code == 302
    again = client.post(url(c), {**data, "action": "send"})
    assert again.status_code == 302
    [letter] = Letter.objects.all()
    assert letter.body == data["body"].replace("\r\n", "\n") and letter.edited
    assert letter.created_by == handler and letter.channel == "email"
    run_worker()
    letter.refresh_from_db()
    assert "expect news by Friday." in flat(pdf_text(letter.pdf))


def test_a_summary_resolution_without_the_ombudsman_is_not_sent_and_the_page_says_why(
    client, handler, decided
):
    c = lifecycle.choose_regime(decided(), by=handler, regime="fca", reason="A bank account.")
    client.force_login(handler)
    data = form(client, c, kind="summary_resolution")
    data["body"] = data["body"].replace("six months", "a while")
    refused = client.post(url(c), {**data, "action": "send"})
    assert refused.status_code == 200
    assert "the six-month time limit" in refused.content.decode()
    assert not Letter.objects.exists()


def test_someone_without_a_handling_role_may_not_write(client, auditor, decided):
    c = decided()
    client.force_login(auditor)
    assert client.get(url(c)).status_code == 403


def test_a_complaint_the_handler_may_not_read_has_no_letters_page(client, handler, hidden):
    client.force_login(handler)
    assert client.get(url(hidden)).status_code == 404


@pytest.mark.parametrize("n", [1, 6])
def test_the_letters_page_runs_a_fixed_number_of_queries(
    client, handler, decided, django_assert_num_queries, n
):
    c = decided()
    for _ in range(n):
        lifecycle.add_correspondence(
            c, by=handler, direction="in", channel="phone", sender="Ada", body="She called."
        )
    client.force_login(handler)
    client.get(url(c))
    with django_assert_num_queries(PAGE):
        assert client.get(url(c), {"kind": "progress_update"}).status_code == 200


def test_the_form_token_is_the_sites_own(client, handler, decided):
    c = decided()
    client.force_login(handler)
    data = form(client, c)
    data["form_token"] = formtoken.new_token()
    expired = client.post(url(c), {**data, "action": "send"})
    assert expired.status_code == 200 and not Letter.objects.exists()

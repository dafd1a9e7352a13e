"""The forms of classification, closure, reopening, withdrawal and merging (ISO 10002 8.2,
7.9, 7.2), the one-move-per-form rule and refusals in the person's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from upheld.complaints import lifecycle
from upheld.complaints.models import Category, Complaint, Status
from upheld.complaints.tests.helpers import pending_remedies

from .forms import TOKEN, open_form, send

pytestmark = pytest.mark.django_db
S = Status


def fresh(c: Complaint) -> Complaint:
    return Complaint.objects.get(pk=c.pk)


def test_classification_offers_the_categories_in_use(client, handler, cast, category):
    Category.objects.create(name="Retired", active=False)
    c = cast.receive()
    client.force_login(handler)
    page = open_form(client, c, "classify").content.decode()
    assert "Billing" in page and "Retired" not in page
    answer, _ = send(client, c, "classify", {"category": "999999"})
    assert 'id="id_category_error"' in answer.content.decode()
    answer, _ = send(client, c, "classify", {"category": str(category.pk)})
    assert answer.status_code == 302 and fresh(c).category == category


def test_closing_shows_the_gate_before_and_refuses_after_until_it_is_met(
    client, handler, complaint_in, category
):
    c = complaint_in(S.ACCEPTED)
    client.force_login(handler)
    assert "it is not classified yet" in open_form(client, c, "close").content.decode()
    answer, _ = send(client, c, "close", {})
    assert "it is not classified yet" in answer.content.decode()
    assert fresh(c).status == S.ACCEPTED
    lifecycle.classify(c, by=handler, category=category)
    for remedy in pending_remedies(c):
        lifecycle.carry_out_remedy(c, by=handler, remedy=remedy.pk, evidence="Done.")
    assert "Closing will be refused" not in open_form(client, c, "close").content.decode()
    answer, _ = send(client, c, "close", {"note": "All done."})
    assert answer.status_code == 302 and fresh(c).status == S.CLOSED


def test_reopening_needs_a_reason_and_a_manager(client, manager, complaint_in):
    c = complaint_in(S.CLOSED)
    client.force_login(manager)
    answer, _ = send(client, c, "reopen", {})
    assert 'id="id_reason_error"' in answer.content.decode()
    answer, _ = send(client, c, "reopen", {"reason": "They wrote again."})
    assert answer.status_code == 302 and fresh(c).is_open


def test_a_withdrawal_is_recorded(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "withdraw", {"reason": "Sorted out by phone."})
    assert answer.status_code == 302 and fresh(c).status == S.WITHDRAWN


def test_a_duplicate_is_merged_and_refused_into_itself_or_nowhere(client, manager, cast):
    c, carries_on = cast.receive(), cast.receive()
    client.force_login(manager)
    answer, _ = send(client, c, "merge", {"into": c.reference})
    assert "cannot be merged into itself" in answer.content.decode()
    answer, _ = send(client, c, "merge", {"into": "CMP-1999-000009"})
    assert "There is no complaint CMP-1999-000009" in answer.content.decode()
    answer, _ = send(client, c, "merge", {"into": carries_on.reference, "reason": "Same."})
    assert answer.status_code == 302 and fresh(c).merged_into == carries_on


def test_a_form_sent_twice_makes_one_move(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    data = {"method": "phone", "note": "Called back."}
    first, token = send(client, c, "acknowledge", data)
    assert first.status_code == 302
    length = fresh(c).trail_length
    again, _ = send(client, c, "acknowledge", data, token=token)
    assert again.status_code == 302 and fresh(c).trail_length == length
    page = client.get(again["Location"]).content.decode()
    assert "That form was already sent" in page


def test_a_form_without_a_token_this_session_was_given_is_not_sent(client, handler, cast):
    c = cast.receive()
    client.force_login(handler)
    answer, _ = send(client, c, "withdraw", {"reason": "x"}, token="made-up")
    assert answer.status_code == 200 and "This form had expired" in answer.content.decode()
    assert fresh(c).status == S.RECEIVED
    token = TOKEN.search(answer.content.decode()).group(1)
    answer, _ = send(client, c, "withdraw", {"reason": "x"}, token=token)
    assert answer.status_code == 302


def test_refusals_are_shown_in_the_persons_language(client, handler, complaint_in):
    c = complaint_in(S.ACCEPTED)
    client.force_login(handler)
    with translation.override("es"):
        url = reverse("desk:move", args=[c.reference, "close"])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    token = TOKEN.search(page.content.decode()).group(1)
    answer = client.post(url, {"form_token": token}, HTTP_ACCEPT_LANGUAGE="es")
    text = answer.content.decode()
    assert "Hay un problema" in text or "Hay un error" in text, text[:1500]
    assert "not classified yet" not in text

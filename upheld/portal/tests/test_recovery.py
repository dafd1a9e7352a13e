"""ISO 10002 7.3, 4.7: a complainant who lost the private link gets a new one with the
reference and the e-mail address or telephone number they gave; it goes only to the address
we hold and replaces the old link. Every request gets the same page after the same work,
whether the details match or not (no reference can be found out this way), and requests
are limited per address, per reference and, for links sent, per complaint."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upheld.letters.models import Letter
from upheld.notify.models import Message

pytestmark = pytest.mark.django_db


def ask(client, reference, contact, **extra):
    return client.post("/track/", {"reference": reference, "contact": contact}, **extra)


def new_link(complaint) -> str:
    return Message.objects.get(complaint=complaint, kind="tracking_link").pending_secret


def test_the_reference_and_the_email_given_bring_a_new_link_that_replaces_the_old(
    client, make_complaint, run_worker
):
    c = make_complaint()
    old = c.secret
    response = ask(client, f" {c.reference.lower()} ", "ADA@example.org ")
    assert response.status_code == 302 and response["Location"] == "/track/?sent=1"
    assert "Check your e-mail or post" in client.get(response["Location"]).content.decode()
    run_worker()
    message = Message.objects.get(complaint=c, kind="tracking_link")
    assert message.to == "ada@example.org" and message.state == "sent"
    assert "/track/" in message.body and old not in message.body
    event = c.events.get(kind="link_issued")
    assert event.public and event.actor_label == "complainant"
    assert client.get(f"/track/{old}").status_code == 404


def test_the_telephone_number_given_works_however_it_is_written(client, make_complaint):
    c = make_complaint(
        complainant={"name": "Ada", "email": "ada@example.org", "phone": "07700 900123"}
    )
    ask(client, c.reference, "+44 7700 900 123")
    from upheld.portal.tasks import contact_digest, recover_link

    assert recover_link.call(c.reference, contact_digest("+44 7700 900 123")) == "sent"
    assert client.get(f"/track/{new_link(c)}").status_code == 200


def test_a_complainant_we_can_only_write_to_by_post_gets_it_by_letter(client, make_complaint):
    c = make_complaint(
        complainant={
            "name": "Ada",
            "phone": "0113 496 0000",
            "postal_address": "1 Leeds Road, Leeds LS1 1AA",
        }
    )
    from upheld.portal.tasks import contact_digest, recover_link

    assert recover_link.call(c.reference, contact_digest("0113 496 0000")) == "sent"
    letter = Letter.objects.get(complaint=c, kind="tracking_link")
    assert letter.channel == "post" and letter.pending_secret
    assert not Message.objects.filter(complaint=c, kind="tracking_link").exists()
    assert client.get(f"/track/{letter.pending_secret}").status_code == 200


@pytest.mark.parametrize(
    "reference, contact",
    [
        ("CMP-2026-999999", "ada@example.org"),  # no such reference
        ("own", "grace@example.org"),  # someone else's address
        ("own", "07700 900999"),  # a telephone number not given
        ("other", "ada@example.org"),  # another complaint's reference
        ("own", "ada"),  # not an address at all
    ],
)
def test_details_that_match_nothing_get_the_same_page_after_the_same_work(
    client, make_complaint, django_capture_on_commit_callbacks, reference, contact
):
    c = make_complaint()
    other = make_complaint(complainant={"name": "Grace", "email": "grace@example.org"})
    reference = {"own": c.reference, "other": other.reference}.get(reference, reference)

    def answer(ref, given):
        with CaptureQueriesContext(connection) as queries:
            response = ask(client, ref, given)
        return response.status_code, response["Location"], len(queries)

    answer(c.reference, "ada@example.org")  # what a running server keeps (warm)
    matching = answer(c.reference, "ada@example.org")
    wrong = answer(reference, contact)
    assert wrong == matching, "the same answer, after the same statements"
    from upheld.portal.tasks import contact_digest, recover_link

    assert recover_link.call(reference, contact_digest(contact)) == "no match"
    assert not Message.objects.filter(kind="tracking_link", complaint=other).exists()


def test_bad_input_names_the_field_and_sends_nothing(client):
    response = ask(client, "", "")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_reference"' in html and "Enter your complaint reference." in html
    assert "Enter the e-mail address or telephone number you gave us." in html


def test_requests_are_limited_per_address(client, make_complaint, settings):
    settings.UPHELD_LINK_RECOVERIES_PER_HOUR = 3
    c = make_complaint()
    for _ in range(3):
        assert ask(client, c.reference, "x@example.org").status_code == 302
    refused = ask(client, c.reference, "ada@example.org")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Another address is not held back by this one (for another reference).
    other = make_complaint()
    assert (
        ask(client, other.reference, "ada@example.org", REMOTE_ADDR="10.1.2.3").status_code == 302
    )


def test_requests_are_limited_per_reference_from_any_address(client, make_complaint, settings):
    settings.UPHELD_LINK_RECOVERIES_PER_HOUR = 2
    c = make_complaint()
    for n in range(2):
        assert ask(client, c.reference, "x", REMOTE_ADDR=f"10.0.0.{n}").status_code == 302
    assert ask(client, c.reference, "x", REMOTE_ADDR="10.0.0.9").status_code == 429


def test_links_sent_per_complaint_per_day_are_limited(make_complaint, settings):
    settings.UPHELD_LINK_RECOVERIES_PER_DAY = 2
    c = make_complaint()
    from upheld.portal.tasks import contact_digest, recover_link

    digest = contact_digest("ada@example.org")
    assert [recover_link.call(c.reference, digest) for _ in range(3)] == [
        "sent",
        "sent",
        "limit reached",
    ]
    assert Message.objects.filter(complaint=c, kind="tracking_link").count() == 2


def test_the_job_holds_no_contact_detail(client, make_complaint):
    from django_tasks_db.models import DBTaskResult

    c = make_complaint()
    ask(client, c.reference, "ada@example.org")
    [job] = DBTaskResult.objects.filter(task_path__endswith="recover_link")
    assert "ada@example.org" not in str(job.args_kwargs)

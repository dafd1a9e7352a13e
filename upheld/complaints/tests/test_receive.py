"""ISO 10002 7.2 receipt: every complaint is recorded with a unique reference, who and what it
concerns, and its acknowledgement is queued in the same transaction. Input that cannot be a
complaint is refused field by field, and nothing is written."""

import hashlib
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from upheld.complaints import lifecycle
from upheld.complaints.actors import PUBLIC
from upheld.complaints.errors import InvalidInput
from upheld.complaints.events import data_of
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import (
    Attachment,
    Complaint,
    Event,
    Person,
    ReferenceCounter,
    Status,
)
from upheld.notify.delivery import render
from upheld.notify.models import Message

from .helpers import RECEIPT, trail

pytestmark = pytest.mark.django_db

WRITTEN = (Complaint, Person, Event, Message, DBTaskResult, Attachment, ReferenceCounter)


def row_counts() -> dict:
    counts = {model.__name__: model.objects.count() for model in WRITTEN}
    counts["counter"] = list(ReferenceCounter.objects.values_list("year", "value"))
    return counts


def receive(**overrides):
    return lifecycle.receive(**{**RECEIPT, **overrides})


# ---------------------------------------------------------------- the effect


def test_a_complaint_received_by_staff_is_recorded_with_a_unique_readable_reference(handler):
    before = timezone.now()
    c = receive(
        channel="phone",
        by=handler,
        people_involved="Branch 12",
        immediate_action="Card frozen.",
        occurred_on="2026-01-05",
        complainant={
            "name": "Ada Lovelace",
            "email": "ada@example.org",
            "phone": "+44 20 7946 0000",
            "preferred_language": "es",
            "accessibility_needs": "Large print, please.",
        },
    )
    c.refresh_from_db()
    assert re.fullmatch(rf"CMP-{c.received_at.year}-\d{{6}}", c.reference)
    assert c.status == Status.RECEIVED
    assert c.channel == "phone"
    assert before <= c.received_at <= timezone.now()
    assert c.received_by == handler
    assert c.response_due_at == eight_weeks_after(c.received_at)
    assert (c.description, c.product) == (RECEIPT["description"], RECEIPT["product"])
    assert (c.remedy_sought, c.immediate_action) == (RECEIPT["remedy_sought"], "Card frozen.")
    assert c.people_involved == "Branch 12"
    assert str(c.occurred_on) == "2026-01-05"
    person = c.complainant
    assert (person.name, person.email, person.phone) == (
        "Ada Lovelace",
        "ada@example.org",
        "+44 20 7946 0000",
    )
    assert person.preferred_language == "es"
    assert person.accessibility_needs == "Large print, please."


def test_the_complainant_gets_a_secret_of_at_least_128_bits_that_is_stored_only_hashed():
    c = receive()
    assert len(c.secret) >= 22  # 22 url-safe characters carry 132 bits
    stored = Complaint.objects.get(pk=c.pk)
    assert stored.secret_hash == hashlib.sha256(c.secret.encode()).hexdigest()
    assert c.secret not in str(Complaint.objects.filter(pk=c.pk).values().get())
    assert receive().secret != c.secret


def test_receipt_is_the_first_event_of_the_trail_and_the_complainant_may_see_it(handler):
    c = receive(channel="letter", by=handler)
    [event] = trail(c)
    assert (event.seq, event.kind, event.public) == (1, "received", True)
    assert event.actor == handler and event.actor_label == handler.get_username()
    assert event.at == c.received_at
    assert data_of(event)["channel"] == "letter"
    assert data_of(event)["product"] == RECEIPT["product"]


def test_a_complaint_from_the_public_is_received_by_nobody_in_particular():
    c = receive(by=None)
    assert c.received_by is None
    [event] = trail(c)
    assert event.actor is None and event.actor_label == PUBLIC.display()


def test_the_acknowledgement_is_queued_with_the_complaint_in_the_same_transaction():
    c = receive()
    [message] = Message.objects.filter(complaint=c)
    assert (message.kind, message.to) == ("acknowledgement", "ada@example.org")
    assert c.reference in render(message)[0]  # rendered by the worker when it sends it
    assert DBTaskResult.objects.count() == 1  # its delivery job, in the same transaction


@pytest.mark.parametrize("why", ["no e-mail address", "asked not to"])
def test_no_acknowledgement_is_queued_without_an_address_or_when_asked_not_to(why):
    if why == "no e-mail address":
        c = receive(complainant={"name": "Bob", "phone": "01632 960000"})
    else:
        c = receive(acknowledge=False)
    assert not Message.objects.filter(complaint=c).exists()


def test_staff_involved_in_the_complaint_are_recorded(handler, other_handler):
    c = receive(by=handler, involved_users=[other_handler])
    assert list(c.involved_users.all()) == [other_handler]


def test_a_representative_is_recorded_with_their_authority(handler):
    c = receive(
        by=handler,
        representative={"name": "Citizens Advice", "email": "ca@example.org"},
        representative_authority="Signed consent form dated 2 March.",
    )
    c.refresh_from_db()
    assert c.representative.name == "Citizens Advice"
    assert c.representative_authority == "Signed consent form dated 2 March."
    assert data_of(trail(c)[0])["representative"] is True


def test_files_sent_with_the_complaint_are_kept_with_their_hash_in_the_trail():
    content = b"%PDF-1.4 statement"
    c = receive(attachments=[IncomingFile("statement.pdf", content, "application/pdf")])
    [attachment] = c.attachments.all()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.read() == content
    [recorded] = data_of(trail(c)[0])["attachments"]
    assert recorded["sha256"] == attachment.sha256 and recorded["filename"] == "statement.pdf"


@pytest.mark.parametrize("name", ["../../outside.txt", "folder/inside.txt", "..\\win.txt"])
def test_a_file_name_carrying_folders_is_stored_inside_the_attachments_folder(name):
    c = receive(attachments=[IncomingFile(name, b"my statement", "text/plain")])
    [attachment] = c.attachments.all()
    assert attachment.filename == name, "the record keeps the name as it was sent"
    folder, _, stored = attachment.file.name.rpartition("/")
    assert folder.startswith("attachments/") and ".." not in folder.split("/")
    assert stored.endswith(name.replace("\\", "/").rpartition("/")[2])
    assert attachment.file.read() == b"my statement"


def eight_weeks_after(received_at):
    """The default final-response clock: the end of the 56th day after the day of receipt,
    in the organisation's time zone (deadlines seed: ISO profile)."""
    london = ZoneInfo("Europe/London")
    day = received_at.astimezone(london).date() + timedelta(days=56)
    return datetime.combine(day, time.max, tzinfo=london)


def test_staff_may_record_a_complaint_received_earlier_but_not_later_than_now(handler):
    earlier = timezone.now() - timedelta(days=3)
    c = receive(by=handler, channel="letter", received_at=earlier)
    assert c.received_at == earlier
    assert trail(c)[0].at == earlier
    assert c.response_due_at == eight_weeks_after(earlier), "the clock counts from receipt"

    counts = row_counts()
    with pytest.raises(InvalidInput) as refused:
        receive(by=handler, received_at=timezone.now() + timedelta(hours=1))
    assert "future" in refused.value.errors["received_at"][0]
    assert row_counts() == counts


def test_the_public_cannot_choose_the_time_of_receipt():
    with pytest.raises(InvalidInput) as refused:
        receive(received_at=timezone.now() - timedelta(days=1))
    assert list(refused.value.errors) == ["received_at"]
    assert not Complaint.objects.exists()


def test_references_follow_each_other_without_gaps_after_a_refusal():
    first = receive()
    with pytest.raises(InvalidInput):
        receive(description="")
    second = receive()
    number = int(first.reference.rsplit("-", 1)[1])
    assert second.reference.endswith(f"-{number + 1:06d}")


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"description": ""}, {"description"}),
        ({"description": "   \n "}, {"description"}),
        ({"complainant": {"name": "Nobody to write to"}}, {"complainant"}),
        ({"complainant": {}}, {"complainant"}),
        ({"complainant": {"name": "Ada", "postal_address": "  "}}, {"complainant"}),
        ({"description": "", "complainant": {"name": "X"}}, {"description", "complainant"}),
        ({"complainant": {"email": "not-an-address"}}, {"complainant.email"}),
        (
            {"complainant": {"email": "a@example.org", "preferred_language": "xx"}},
            {"complainant.preferred_language"},
        ),
        ({"channel": "carrier pigeon"}, {"channel"}),
        ({"occurred_on": "yesterday"}, {"occurred_on"}),
        ({"representative": {"name": "Friend"}}, {"representative_authority"}),
        (
            {"representative": {"email": "rep@example.org"}, "representative_authority": "Consent"},
            {"representative.name"},
        ),
        ({"category": 999999}, {"category"}),
    ],
)
def test_a_complaint_that_cannot_be_handled_is_refused_per_field_and_nothing_is_written(
    overrides, fields
):
    counts = row_counts()
    with pytest.raises(InvalidInput) as refused:
        receive(**overrides)
    assert fields <= set(refused.value.errors), refused.value.errors
    assert all(msg.strip() for msgs in refused.value.errors.values() for msg in msgs)
    assert row_counts() == counts


def test_the_messages_say_what_to_fix():
    with pytest.raises(InvalidInput) as refused:
        receive(description="", complainant={"name": "Ada"})
    errors = refused.value.errors
    assert errors["description"] == ["Describe what went wrong; this is required."]
    assert "e-mail, telephone or postal address" in errors["complainant"][0]
    assert "description:" in str(refused.value) and "complainant:" in str(refused.value)


@pytest.mark.parametrize(
    "reach",
    [{"email": "a@example.org"}, {"phone": "01632 960000"}, {"postal_address": "1 High St, Leeds"}],
)
def test_any_one_way_to_reach_the_complainant_is_enough(reach):
    c = receive(complainant={"name": "Ada", **reach})
    assert c.complainant.reachable


def test_anonymous_complaints_are_received_when_the_organisation_accepts_them(org):
    org.allow_anonymous = True
    org.save()
    c = receive(complainant={})
    assert c.status == Status.RECEIVED
    assert not c.complainant.reachable
    assert not Message.objects.filter(complaint=c).exists()


def test_anonymous_complaints_still_need_a_description(org):
    org.allow_anonymous = True
    org.save()
    with pytest.raises(InvalidInput) as refused:
        receive(complainant={}, description="")
    assert set(refused.value.errors) == {"description"}

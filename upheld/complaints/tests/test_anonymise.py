"""ISO 10002 4.7 (personal information protected) and erasure: `upheld anonymise` erases a
complaint's personal data in any state — from every table and from the disk — records it in
the trail, and every trail still verifies; other complaints keep theirs untouched."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from upheld.api.models import WebhookDelivery, WebhookSubscription
from upheld.complaints import events, lifecycle
from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Complaint, EventPersonal, Status, TrailKey
from upheld.complaints.tests.helpers import RECEIPT, last_event

STATES = list(Status)


def words(tag: str) -> list[str]:
    """What this complaint's complainant wrote or is known by: unique to it."""
    return [f"{tag}{what}" for what in ("name", "mail", "street", "said", "product", "wants")]


def receipt(tag: str) -> dict:
    name, mail, street, said, product, wants = words(tag)
    return {
        **RECEIPT,
        "description": f"{said} was charged twice.",
        "complainant": {
            "name": name,
            "email": f"{mail}@example.org",
            "phone": "+44 20 7946 0000",
            "postal_address": street,
        },
        "product": product,
        "remedy_sought": wants,
        "attachments": [IncomingFile(f"{name}.txt", f"statement of {name}".encode(), "text/plain")],
    }


def everything_stored() -> str:
    """Every value of every table, as text (the test database is small)."""
    out = io.StringIO()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                out.write(" ".join(map(str, row)))
                out.write("\n")
    return out.getvalue()


def everything_on_disk(settings) -> str:
    files = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    return "\n".join(f"{p.name} {p.read_bytes().decode(errors='replace')}" for p in files)


@pytest.fixture
def complaints(cast):
    """Two complaints in each state, each with its own complainant, a message from them
    with a file, the messages Upheld queued for them and webhook deliveries of their trail
    (queued: the worker would acknowledge, and change the state)."""
    WebhookSubscription.objects.create(url="https://crm.example.org/hook", event_kinds=["*"])
    made = {}
    for i, state in enumerate(STATES):
        for which in ("erased", "kept"):
            tag = f"q{i:02d}{which}"
            c = cast.bring_to(state, **receipt(tag))
            mail = words(tag)[1]
            lifecycle.add_correspondence(
                c,
                by=cast.handler,
                sender=f"{mail}@example.org",
                subject=f"{tag}said again",
                body=f"{words(tag)[3]} again, with my statement.",
                attachments=[IncomingFile(f"{tag}more.txt", f"{tag}said".encode(), "text/plain")],
            )
            made[state, which] = Complaint.objects.get(pk=c.pk), tag
    return made


def test_personal_data_is_erased_in_every_state_and_every_trail_still_verifies(
    complaints, cast, settings, django_capture_on_commit_callbacks
):
    kept_before = {
        tag: [events.data_of(e) for e in c.events.order_by("seq")]
        for (state, which), (c, tag) in complaints.items()
        if which == "kept"
    }
    assert all(w in everything_stored() for tag in kept_before for w in words(tag))
    for state in STATES:
        c, _ = complaints[state, "erased"]
        # What follows the commit runs too (the search index forgets the erased words).
        with django_capture_on_commit_callbacks(execute=True):
            call_command(
                "anonymise",
                c.reference,
                reason="The retention period ended.",
                by=cast.manager.username,
                stdout=io.StringIO(),
            )

    out = io.StringIO()
    call_command("verify_trail", stdout=out)
    assert f"Trail intact: {Complaint.objects.count()} complaints" in out.getvalue()
    stored, on_disk = everything_stored(), everything_on_disk(settings)
    for state in STATES:
        c, tag = complaints[state, "erased"]
        left = [w for w in words(tag) if w in stored or w in on_disk]
        assert not left, f"{state}: {left} still stored"
        assert tag not in stored and tag not in on_disk, state
        c.refresh_from_db()
        assert c.status == state  # the record stays: only the personal data goes
        event = last_event(c)
        assert (event.kind, event.actor) == ("anonymised", cast.manager)
        assert event.data["reason"] == "The retention period ended."
        assert not TrailKey.objects.filter(complaint=c).exists()
        assert not EventPersonal.objects.filter(event__complaint=c).exists()
        assert "erased" in {events.data_of(e).get("personal") for e in c.events.all()}
        assert all(
            d.payload["event"]["data"].get("personal") in (None, "erased")
            for d in WebhookDelivery.objects.filter(event__complaint=c)
        )
    for (state, which), (c, tag) in complaints.items():
        if which == "kept":
            assert [events.data_of(e) for e in c.events.order_by("seq")] == kept_before[tag]
            assert all(w in stored for w in words(tag)), state
            assert f"{tag}more.txt" in on_disk


def test_only_a_complaints_manager_erases_and_gives_a_reason(cast, handler):
    c = cast.bring_to(Status.INVESTIGATING)
    with pytest.raises(NotPermitted):
        lifecycle.anonymise(c, by=handler, reason="Asked by the complainant.")
    with pytest.raises(InvalidInput):
        lifecycle.anonymise(c, by=cast.manager, reason="  ")
    c.refresh_from_db()
    assert c.complainant.name == RECEIPT["complainant"]["name"]
    assert last_event(c).kind == "investigation_started"

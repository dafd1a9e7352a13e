"""ISO 10002 4.9, 8.1: the trail proves the record. verify-trail replays each complaint's
events and names the first field of the complaint row they contradict; a signed
checkpoint kept outside the database finds events removed and a head rolled back since."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from upheld.complaints import checkpoint
from upheld.complaints.models import Complaint, Status
from upheld.complaints.replay import replay
from upheld.complaints.verification import verify_all, verify_one

from .test_trail import remove_event, trail

EVERY_STATE = [s for s in Status.values]


def tamper(complaint, **fields) -> None:
    """Change the complaint row directly, as someone with database access could."""
    Complaint.objects.filter(pk=complaint.pk).update(**fields)


@pytest.mark.parametrize("state", EVERY_STATE)
def test_every_state_reached_by_the_moves_agrees_with_its_trail(complaint_in, state):
    complaint = complaint_in(state)
    assert verify_one(complaint.reference) is None


def test_a_status_and_description_changed_outside_the_lifecycle_are_found(complaint_in):
    complaint = complaint_in("acknowledged")
    tamper(complaint, status="closed", description="TAMPERED")

    found = verify_one(complaint.reference)

    assert found is not None
    assert "the complaint's status is 'closed'" in str(found)
    assert "'acknowledged'" in str(found)
    assert [b for _, b in verify_all() if b is not None] == [found]


@pytest.mark.parametrize(
    "field, value",
    [
        ("acknowledged_at", None),
        ("decided_at", timezone.now() - timedelta(days=30)),
        ("priority", 1),
        ("escalation_level", 3),
        ("complainant_answer", "accepted"),
        ("reopened_count", 2),
    ],
)
def test_the_first_field_that_differs_is_named(complaint_in, field, value):
    complaint = complaint_in("decision_communicated")
    tamper(complaint, **{field: value})

    found = verify_one(complaint.reference)

    assert found is not None and f"the complaint's {field} is" in str(found)


def test_event_kinds_without_a_rule_are_skipped_and_fields_not_spoken_of_not_checked():
    at = timezone.now()
    events = [
        SimpleNamespace(seq=1, kind="received", at=at, data={"from": None, "to": "received"}),
        SimpleNamespace(seq=2, kind="clock_started", at=at, data={"clock": "response"}),
        SimpleNamespace(seq=3, kind="acknowledged", at=at, data={"to": "acknowledged"}),
    ]
    stored = {"status": "acknowledged", "acknowledged_at": at, "next_due_at": None}

    assert replay(stored, events) is None
    assert replay({**stored, "status": "closed"}, events).field == "status"


def test_a_checkpoint_finds_the_newest_event_removed_and_the_head_rolled_back(
    complaint_in, tmp_path, settings
):
    settings.UPHELD_TRAIL_SIGNING_KEY = str(tmp_path / "keys" / "signing.pem")
    call_command("trail_checkpoint", make_key=True)
    complaint = complaint_in("assessed")
    other = complaint_in("acknowledged")
    saved = tmp_path / "heads.txt"
    call_command("trail_checkpoint", str(saved))
    call_command("verify_trail", checkpoint=str(saved))  # nothing changed yet

    newest, before = trail(complaint)[-1], trail(complaint)[-2]
    remove_event(newest.pk)
    tamper(
        complaint,
        trail_length=before.seq,
        trail_head=before.hash,
        status="acknowledged",
        assessed_at=None,
        priority=None,
    )
    assert verify_one(complaint.reference) is None  # the chain alone cannot tell

    with pytest.raises(CommandError) as failed:
        call_command("verify_trail", checkpoint=str(saved))

    assert complaint.reference in str(failed.value)
    assert f"events #{newest.seq} to #{newest.seq} were removed" in str(failed.value)
    assert other.reference not in str(failed.value)


def test_a_checkpoint_altered_or_signed_by_another_key_is_refused(complaint_in, tmp_path, settings):
    settings.UPHELD_TRAIL_SIGNING_KEY = str(tmp_path / "signing.pem")
    checkpoint.make_key(settings.UPHELD_TRAIL_SIGNING_KEY)
    complaint = complaint_in("acknowledged")
    saved = tmp_path / "heads.txt"
    checkpoint.write(saved)

    text = saved.read_text()
    saved.write_text(text.replace(f"{complaint.reference} 2 ", f"{complaint.reference} 1 "))
    with pytest.raises(CommandError, match="altered after it was signed"):
        call_command("verify_trail", checkpoint=str(saved))

    stranger = tmp_path / "stranger.pem"
    checkpoint.make_key(stranger)
    checkpoint.write(saved, checkpoint.private_key(stranger))
    with pytest.raises(CommandError, match="another key"):
        call_command("verify_trail", checkpoint=str(saved))


def test_the_signing_key_is_never_overwritten(tmp_path, db):
    key = tmp_path / "signing.pem"
    checkpoint.make_key(key)
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("trail_checkpoint", make_key=True, key=str(key))
    assert oct(key.stat().st_mode & 0o777) == "0o600"

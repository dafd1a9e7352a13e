"""ISO 10002 4.9 / 8.1: the trail is tamper-evident. Whoever alters, removes or reorders a
stored event behind the application's back (here: raw SQL) is found by `upheld
verify-trail`, which names the first broken event and exits non-zero."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from upheld.complaints import lifecycle, verification
from upheld.complaints.models import Event
from upheld.notify.tests.processes import run_upheld


@pytest.fixture
def handled(make_complaint, handler):
    """Two complaints taken through several moves: six events each, money in the data."""

    def take_through(**overrides):
        c = make_complaint(**overrides)
        lifecycle.assess(
            c,
            by=handler,
            severity=2,
            safety_implication=False,
            complexity=1,
            impact=2,
            immediate_action_needed=False,
        )
        lifecycle.investigate(c, by=handler, plan="Check the card statement.")
        lifecycle.await_complainant(c, by=handler, question="Which card did you use?")
        lifecycle.resume(c, by=handler)
        lifecycle.decide(
            c,
            by=handler,
            outcome="upheld",
            reasons="We charged twice.",
            remedies=[{"kind": "refund", "amount": "12.50", "currency": "gbp"}],
        )
        return c

    first = take_through()
    second = take_through(complainant={"name": "Grace Hopper", "email": "grace@example.org"})
    return first, second


def trail(complaint) -> list[Event]:
    return list(Event.objects.filter(complaint=complaint).order_by("seq"))


TRIGGER = "complaints_event_append_only"


def sql(statement: str, *params) -> None:
    """Write to the events table directly, as someone with database access could — on
    PostgreSQL, someone who owns the table and first switches its append-only trigger off."""
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: ALTER may run
            cursor.execute(f"ALTER TABLE complaints_event DISABLE TRIGGER {TRIGGER}")
        cursor.execute(statement, params)
        if postgres:
            cursor.execute(f"ALTER TABLE complaints_event ENABLE TRIGGER {TRIGGER}")


def remove_event(pk: int) -> None:
    """Delete an event and the personal data kept beside it, as a tamperer would have to."""
    sql("DELETE FROM complaints_eventpersonal WHERE event_id = %s", pk)
    sql("DELETE FROM complaints_event WHERE id = %s", pk)


def verify(**options) -> str:
    """Run `verify-trail`; return what it says when it fails (it must fail)."""
    details = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_trail", stderr=details, **options)
    assert failure.value.returncode == 1
    return f"{failure.value}\n{details.getvalue()}"


def test_an_intact_trail_verifies(handled, capsys):
    first, second = handled
    assert len(trail(first)) == len(trail(second)) == 6
    call_command("verify_trail")
    out = capsys.readouterr().out
    assert "Trail intact: 2 complaints, 12 events checked." in out
    assert all(found is None for _, found in verification.verify_all(batch=1))


def test_altered_event_data_is_found(handled):
    first, second = handled
    decided = trail(second)[5]
    assert decided.kind == "decided"
    tampered = {**decided.data, "outcome": "not_upheld"}
    sql("UPDATE complaints_event SET data = %s WHERE id = %s", json.dumps(tampered), decided.pk)

    message = verify()
    assert f"{second.reference}: event #6 (id {decided.pk}): was altered" in message
    assert "1 of 2 complaints" in message


def test_the_first_broken_event_is_named(handled):
    first, second = handled
    later, earlier = trail(first)[4], trail(first)[1]
    sql("UPDATE complaints_event SET actor_label = 'Someone else' WHERE id = %s", later.pk)
    sql("UPDATE complaints_event SET kind = 'closed' WHERE id = %s", earlier.pk)
    sql("UPDATE complaints_event SET public = %s WHERE id = %s", False, trail(second)[0].pk)

    message = verify()
    assert f"First broken event: {first.reference}: event #2 (id {earlier.pk})" in message
    assert "2 of 2 complaints" in message


def test_a_removed_middle_event_is_found(handled):
    first, _ = handled
    events_before = trail(first)
    remove_event(events_before[2].pk)

    message = verify()
    assert f"{first.reference}: event #3: is missing" in message
    assert f"next stored event is #4, id {events_before[3].pk}" in message


def test_a_removed_newest_event_is_found(handled):
    _, second = handled
    newest = trail(second)[-1]
    remove_event(newest.pk)

    message = verify()
    assert f"{second.reference}: event #6: is missing" in message
    assert "newest" in message


def test_events_renumbered_after_a_removal_are_found(handled):
    first, _ = handled
    stored = trail(first)
    remove_event(stored[4].pk)
    sql("UPDATE complaints_event SET seq = 5 WHERE id = %s", stored[5].pk)
    sql("UPDATE complaints_complaint SET trail_length = 5 WHERE id = %s", first.pk)

    assert f"{first.reference}: event #5 (id {stored[5].pk}): does not follow event #4" in verify()


def test_swapped_positions_are_found(handled):
    first, _ = handled
    second_event, third_event = trail(first)[1:3]
    sql("UPDATE complaints_event SET seq = 1000 WHERE id = %s", second_event.pk)
    sql("UPDATE complaints_event SET seq = 2 WHERE id = %s", third_event.pk)
    sql("UPDATE complaints_event SET seq = 3 WHERE id = %s", second_event.pk)

    message = verify()
    assert f"{first.reference}: event #2 (id {third_event.pk}): does not follow event #1" in message


def test_swapped_contents_are_found(handled):
    _, second = handled
    a, b = trail(second)[3:5]
    for target, source in ((a, b), (b, a)):
        sql(
            "UPDATE complaints_event SET kind = %s, data = %s WHERE id = %s",
            source.kind,
            json.dumps(source.data),
            target.pk,
        )

    assert f"{second.reference}: event #4 (id {a.pk}): was altered" in verify()


def test_a_changed_time_is_found(handled):
    first, _ = handled
    received = trail(first)[0]
    sql(
        "UPDATE complaints_event SET at = %s WHERE id = %s",
        received.at - timedelta(days=3),
        received.pk,
    )

    assert f"{first.reference}: event #1 (id {received.pk}): was altered" in verify()


def test_an_event_moved_to_another_complaint_is_found(handled):
    first, second = handled
    moved = trail(first)[-1]
    sql("UPDATE complaints_event SET complaint_id = %s, seq = 7 WHERE id = %s", second.pk, moved.pk)

    message = verify()
    assert f"First broken event: {first.reference}: event #6: is missing" in message
    assert f"also broken: {second.reference}: event #7 (id {moved.pk})" in message


def test_one_complaint_can_be_checked_by_reference(handled, capsys):
    first, second = handled
    sql("UPDATE complaints_event SET data = '{}' WHERE id = %s", trail(second)[1].pk)

    call_command("verify_trail", reference=first.reference)
    assert f"Trail intact: {first.reference}, 6 events checked." in capsys.readouterr().out
    assert f"{second.reference}: event #2" in verify(reference=second.reference)
    with pytest.raises(CommandError, match="No complaint") as unknown:
        call_command("verify_trail", reference="CMP-1999-000001")
    assert unknown.value.returncode == 2


def test_the_application_never_updates_or_deletes_an_event(handled):
    first, _ = handled
    event = trail(first)[0]
    event.data = {"changed": True}
    with pytest.raises(RuntimeError, match="never updated"):
        event.save()
    with pytest.raises(RuntimeError, match="never deleted"):
        event.delete()
    call_command("verify_trail")


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE complaints_event SET actor_label = 'nobody' WHERE id = %s",
        "DELETE FROM complaints_event WHERE id = %s",
    ],
)
def test_on_postgresql_the_database_itself_refuses_to_change_or_remove_an_event(handled, statement):
    event = trail(handled[0])[2]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [event.pk])
    assert Event.objects.get(pk=event.pk).actor_label == event.actor_label
    call_command("verify_trail")


@pytest.mark.django_db(transaction=True)
def test_the_upheld_command_exits_non_zero_naming_the_broken_event(handled, tmp_path):
    first, _ = handled
    intact = run_upheld("verify-trail", data_dir=tmp_path)
    assert intact.returncode == 0, intact.stderr
    assert "Trail intact: 2 complaints" in intact.stdout

    altered = trail(first)[3]
    sql("UPDATE complaints_event SET actor_label = 'nobody' WHERE id = %s", altered.pk)
    broken = run_upheld("verify-trail", data_dir=tmp_path)
    assert broken.returncode == 1
    assert f"{first.reference}: event #4 (id {altered.pk}): was altered" in broken.stderr


def test_commands_may_be_spelled_with_hyphens_or_underscores():
    from upheld.cli import normalise_argv

    assert normalise_argv(["upheld", "verify-trail", "--reference", "CMP-2026-000001"]) == [
        "upheld",
        "verify_trail",
        "--reference",
        "CMP-2026-000001",
    ]
    assert normalise_argv(["upheld", "verify_trail"]) == ["upheld", "verify_trail"]
    assert normalise_argv(["upheld", "help", "issue-token"]) == ["upheld", "help", "issue_token"]
    assert normalise_argv(["upheld", "--version"]) == ["upheld", "--version"]

"""ISO 10002 7: two people acting on one complaint at the same moment cannot both win.

Each move runs in one transaction with the complaint row locked (PostgreSQL: SELECT ... FOR
UPDATE; SQLite: BEGIN IMMEDIATE takes the database's write lock), so the second move sees
what the first did and is refused like any move the state does not allow."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import IllegalMove, InvalidInput
from upheld.complaints.models import Complaint, Decision, Status

from .helpers import REASONS, pending_remedies

pytestmark = pytest.mark.django_db(transaction=True)
S = Status
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
NO_ROW_LOCKS = (
    "needs PostgreSQL row locks; SQLite has none (BEGIN IMMEDIATE serialises "
    "whole transactions instead, which the race tests show on SQLite)"
)


def race(*moves) -> list[tuple[str, object]]:
    """Start every move at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(moves))
    outcomes: list = [None] * len(moves)

    def run(i, make_move):
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("won", make_move())
        except Exception as error:  # noqa: BLE001 — the loser's error is the result
            outcomes[i] = ("lost", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(moves)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a move never finished"
    return outcomes


def one_winner(outcomes, refusal=IllegalMove):
    won = [value for result, value in outcomes if result == "won"]
    lost = [value for result, value in outcomes if result == "lost"]
    assert len(won) == 1, outcomes
    assert all(isinstance(error, refusal) for error in lost), lost
    return won[0], lost


def kinds(complaint) -> list[str]:
    return list(complaint.events.order_by("seq").values_list("kind", flat=True))


def test_two_managers_deciding_at_once_make_one_decision(cast, senior_manager):
    c = cast.bring_to(S.INVESTIGATING)
    _, [loser] = one_winner(
        race(
            lambda: lifecycle.decide(
                c.reference, by=cast.manager, outcome="upheld", reasons=REASONS
            ),
            lambda: lifecycle.decide(
                c.reference, by=senior_manager, outcome="not_upheld", reasons=REASONS
            ),
        )
    )
    assert loser.status == S.DECIDED and "decide" not in loser.allowed
    assert Decision.objects.filter(complaint=c).count() == 1
    assert kinds(c).count("decided") == 1


def test_accepting_and_rejecting_at_once_records_one_answer(cast):
    c = cast.bring_to(S.DECISION_COMMUNICATED)
    winner, _ = one_winner(
        race(
            lambda: lifecycle.accept(c.reference, by=COMPLAINANT),
            lambda: lifecycle.reject(c.reference, by=COMPLAINANT, reason="Too little."),
        )
    )
    c.refresh_from_db()
    assert c.status == winner.status and c.complainant_answer in ("accepted", "rejected")
    assert len({"accepted", "rejected"} & set(kinds(c))) == 1


def test_closing_and_withdrawing_at_once_ends_the_complaint_once(cast):
    c = cast.bring_to(S.ACCEPTED)
    c = lifecycle.classify(c, by=cast.handler, category=cast.category)
    for remedy in pending_remedies(c):
        c = lifecycle.carry_out_remedy(c, by=cast.handler, remedy=remedy.pk, evidence="Done")
    winner, _ = one_winner(
        race(
            lambda: lifecycle.close(c.reference, by=cast.handler),
            lambda: lifecycle.withdraw(c.reference, by=COMPLAINANT),
        )
    )
    c.refresh_from_db()
    assert c.status == winner.status in (S.CLOSED, S.WITHDRAWN)
    assert len({"closed", "withdrawn"} & set(kinds(c))) == 1
    assert kinds(c).count("closed") + kinds(c).count("withdrawn") == 1


def test_two_managers_reopening_at_once_reopen_it_once(cast, senior_manager):
    c = cast.bring_to(S.CLOSED)
    one_winner(
        race(
            lambda: lifecycle.reopen(c.reference, by=cast.manager, reason="Refund missing."),
            lambda: lifecycle.reopen(c.reference, by=senior_manager, reason="Called again."),
        )
    )
    c.refresh_from_db()
    assert c.reopened_count == 1 and kinds(c).count("reopened") == 1


def test_merging_two_duplicates_into_each_other_at_once_merges_one(cast):
    a, b = cast.receive(), cast.receive()
    winner, [loser] = one_winner(
        race(
            lambda: lifecycle.merge(a.reference, by=cast.manager, into=b.reference),
            lambda: lifecycle.merge(b.reference, by=cast.manager, into=a.reference),
        ),
        refusal=InvalidInput,
    )
    assert "merge into an open complaint" in loser.errors["into"][0]
    statuses = sorted(
        Complaint.objects.filter(pk__in=[a.pk, b.pk]).values_list("status", flat=True)
    )
    assert statuses == [S.MERGED, S.RECEIVED]


def backends_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason=NO_ROW_LOCKS)
def test_a_move_waits_for_the_row_lock_then_sees_the_new_state(cast, senior_manager):
    c = cast.bring_to(S.INVESTIGATING)
    decided, release = threading.Event(), threading.Event()
    results: dict = {}

    def first():
        try:
            with transaction.atomic():  # the decision is made but not yet committed
                lifecycle.decide(c.reference, by=cast.manager, outcome="upheld", reasons=REASONS)
                decided.set()
                release.wait(timeout=60)
        finally:
            connections.close_all()

    def second():
        try:
            lifecycle.decide(c.reference, by=senior_manager, outcome="not_upheld", reasons=REASONS)
            results["second"] = "won"
        except IllegalMove as error:
            results["second"] = error
        finally:
            connections.close_all()

    holder = threading.Thread(target=first)
    holder.start()
    assert decided.wait(timeout=60)
    waiter = threading.Thread(target=second)
    waiter.start()
    for _ in range(6000):  # until the second move is seen blocked on the row lock
        if backends_waiting_for_a_lock():
            break
        threading.Event().wait(0.01)
    assert backends_waiting_for_a_lock() == 1
    release.set()
    holder.join(timeout=60)
    waiter.join(timeout=60)
    assert isinstance(results["second"], IllegalMove)
    assert results["second"].status == S.DECIDED
    assert Decision.objects.filter(complaint=c).get().decided_by == cast.manager

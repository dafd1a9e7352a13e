"""Clocks are started, paused, resumed and stopped by the lifecycle's moves only, and never
reset (ISO 10002 7.3; capability 16, 34): the table of which move does what is the rules'
`starts_on` and `stops_on` and deadlines/profiles.py; these tests walk it with time travel."""

from datetime import date, timedelta

import pytest

from upheld.complaints.models import Status

from .conftest import at, clocks, cob, eod, use_profile_at_receipt

pytestmark = pytest.mark.django_db
S = Status


def walk_to_investigation(clockwork, c, when):
    c = clockwork.make(when, "acknowledge", c)
    c = clockwork.make(when, "assess", c)
    c = clockwork.make(when, "assign", c)
    return clockwork.make(when, "investigate", c, by=clockwork.cast.handler)


def test_received_at_23_59_on_a_friday_the_clock_counts_from_monday_morning(clockwork):
    c = clockwork.receive(at(2026, 12, 4, 23, 59))  # Friday
    running = clocks(c)
    assert running["acknowledge"].due_at == cob(2026, 12, 7)  # 8 working hours: Monday
    assert running["assess"].due_at == cob(2026, 12, 11)
    assert running["final_response"].due_at == eod(2027, 1, 29)


def test_received_at_midnight_on_a_bank_holiday(clockwork):
    c = clockwork.receive(at(2026, 12, 28, 0, 0))  # Boxing Day (substitute) in England
    running = clocks(c)
    assert running["acknowledge"].due_at == cob(2026, 12, 29)
    # 29, 30, 31 Dec, (1 Jan is a holiday), 4, 5 Jan.
    assert running["assess"].due_at == cob(2027, 1, 5)


def test_a_limit_across_the_change_to_summer_time_ends_at_local_midnight(clockwork):
    c = clockwork.receive(at(2027, 3, 25, 12))  # GMT; the clocks go forward on 28 March
    due = clocks(c)["final_response"].due_at
    assert due == eod(2027, 5, 20) and due.utcoffset() == timedelta(0)  # stored in UTC
    assert due.astimezone(eod(2027, 5, 20).tzinfo).utcoffset() == timedelta(hours=1)
    assert due.isoformat().startswith("2027-05-20T22:59:59.999999")


def test_a_limit_across_the_change_back_to_winter_time(clockwork):
    c = clockwork.receive(at(2026, 10, 20, 12))  # BST; back to GMT on 25 October
    assert clocks(c)["final_response"].due_at.isoformat() == "2026-12-15T23:59:59.999999+00:00"
    assert clocks(c)["assess"].due_at == cob(2026, 10, 27)  # 17:00 GMT after the change


def test_asking_the_complainant_pauses_the_clocks_that_pause_and_resuming_extends_them(
    clockwork,
):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = walk_to_investigation(clockwork, c, at(2026, 12, 1, 10))
    before = clocks(c)
    c = clockwork.make(at(2026, 12, 10, 9), "await_complainant", c, by=clockwork.cast.handler)
    paused = clocks(c)
    assert paused["final_response"].paused_at == at(2026, 12, 10, 9)
    assert paused["decide"].paused_at is not None
    c.refresh_from_db()
    assert c.next_due_at is None, "nothing runs while the complainant is asked"
    c = clockwork.make(at(2026, 12, 17, 9), "resume", c, by=clockwork.cast.handler)
    after = clocks(c)
    # Calendar days: the wall time of the pause (7 days) is added.
    assert after["final_response"].due_at == before["final_response"].due_at + timedelta(days=7)
    # Business days: 10, 11, 14, 15, 16 December were paused: 5 business days more.
    assert before["decide"].due_at == cob(2026, 12, 31)  # 20 business days (medium priority)
    assert after["decide"].due_at == cob(2027, 1, 8)  # 1 January is a holiday
    c.refresh_from_db()
    assert c.response_due_at == after["final_response"].due_at, "the promise moves with it"


def test_the_fca_eight_weeks_do_not_pause_while_the_complainant_is_asked(clockwork):
    use_profile_at_receipt("fca")
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = walk_to_investigation(clockwork, c, at(2026, 12, 1, 10))
    c = clockwork.make(at(2026, 12, 10, 9), "await_complainant", c, by=clockwork.cast.handler)
    c = clockwork.make(at(2027, 1, 10, 9), "resume", c, by=clockwork.cast.handler)
    final = clocks(c)["final_response"]
    assert (final.paused_at, final.extension, final.due_at) == (None, 0, eod(2027, 1, 25))


def test_moves_that_change_the_status_never_reset_or_move_a_clock(clockwork, category):
    c = clockwork.receive(at(2026, 11, 30, 10))
    first = {k: (v.started_at, v.due_at) for k, v in clocks(c).items()}
    c = walk_to_investigation(clockwork, c, at(2026, 12, 1, 9))
    c = clockwork.make(at(2026, 12, 3, 10), "classify", c)
    c = clockwork.make(at(2026, 12, 3, 11), "add_correspondence", c)
    c = clockwork.make(at(2026, 12, 4, 10), "assess", c, severity=3)  # reassessed
    final = clocks(c)["final_response"]
    assert (final.started_at, final.due_at) == first["final_response"]
    assert c.clocks.get(key="acknowledge").stopped_by == "acknowledge"


def test_a_reopened_complaint_keeps_its_clocks_and_gains_new_ones(clockwork):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = walk_to_investigation(clockwork, c, at(2026, 12, 1, 10))
    when = at(2026, 12, 14, 10)
    c = clockwork.make(when, "decide", c, by=clockwork.cast.handler)
    c = clockwork.make(when, "communicate_decision", c, by=clockwork.cast.handler)
    c = clockwork.make(when, "withdraw", c)
    assert not clocks(c) and c.status == S.WITHDRAWN
    old = {k.pk: (k.started_at, k.due_at, k.stopped_at) for k in c.clocks.all()}
    c = clockwork.make(at(2027, 2, 1, 10), "reopen", c)
    kept = {k.pk: (k.started_at, k.due_at, k.stopped_at) for k in c.clocks.filter(pk__in=old)}
    assert kept == old
    new = clocks(c)
    assert {k: v.cycle for k, v in new.items()} == {"assess": 1, "final_response": 1}
    assert new["final_response"].started_at == at(2027, 2, 1, 10)
    assert new["final_response"].due_at == eod(2027, 3, 29)


def test_a_regime_chosen_mid_flight_counts_from_receipt_and_ends_the_old_clocks(clockwork):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 12, 1, 9), "acknowledge", c)
    c = clockwork.make(
        at(2026, 12, 10, 15), "choose_regime", c, regime="fca", reason="A regulated account."
    )
    running = clocks(c)
    assert {k.regime for k in running.values()} == {"fca"}
    assert running["final_response"].started_at == at(2026, 11, 30, 10)
    assert running["final_response"].due_at == eod(2027, 1, 25)
    assert "acknowledge" not in running, "already met: it does not start again"
    ended = c.clocks.filter(regime="iso", stopped_at__isnull=False)
    assert set(ended.values_list("stopped_by", flat=True)) >= {"choose_regime"}
    event = c.events.get(kind="regime_chosen")
    assert (event.data["from_regime"], event.data["regime"]) == ("iso", "fca")


def test_a_regime_change_to_payment_services_can_make_a_limit_already_breached(clockwork):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(
        at(2027, 1, 4, 10), "choose_regime", c, regime="fca_psd", reason="A card payment."
    )
    assert clocks(c)["final_response"].due_at == cob(2026, 12, 21)
    c.refresh_from_db()
    assert c.next_due_at < at(2027, 1, 4, 10), "it shows as breached, not hidden"


def test_closing_stops_every_clock(clockwork, category):
    c = clockwork.receive(at(2026, 11, 30, 10))
    c = clockwork.make(at(2026, 12, 1, 9), "triage", c, is_complaint=False, reason="A compliment.")
    assert not clocks(c)
    assert set(c.clocks.values_list("stopped_by", flat=True)) == {"triage"}
    c.refresh_from_db()
    assert c.next_due_at is None


def test_a_holding_response_is_refused_outside_the_fca_regimes(clockwork):
    from upheld.complaints.errors import IllegalMove

    c = clockwork.receive(at(2026, 11, 30, 10))
    with pytest.raises(IllegalMove, match="not fca"):
        clockwork.make(
            at(2026, 12, 1, 9), "send_holding_response", c, reason="x", expected_by=date(2027, 1, 1)
        )

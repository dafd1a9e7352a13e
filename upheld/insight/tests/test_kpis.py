"""ISO 10002 8.4: each KPI from event times, exact on a small hand-made history."""

from decimal import Decimal

from upheld.insight.kpis import kpis

from .conftest import MARCH


def total(rows):
    assert rows[-1].name == "(total)"
    return rows[-1].figures


def test_received_closed_and_open_are_counted_by_when_they_happened(march):
    f = total(kpis(*MARCH))
    assert (f["received"], f["closed"], f["open"]) == (3, 2, 1)


def test_time_to_acknowledge_is_the_median_and_90th_percentile_of_calendar_hours(march):
    f = total(kpis(*MARCH))
    assert f["acknowledge_hours_median"] == 2.0  # 1, 2 and 3 hours
    assert round(f["acknowledge_hours_p90"], 6) == 2.8
    assert f["acknowledge_n"] == 3


def test_time_to_decision_and_to_close_in_calendar_hours_and_business_days(march):
    f = total(kpis(*MARCH))
    assert f["decision_hours_median"] == 84.0  # 48 and 120 hours
    assert round(f["decision_hours_p90"], 6) == 112.8
    # A: Monday 2 → Wednesday 4 March (Mon, Tue); B: Tuesday 3 → Sunday 8 (Tue–Fri).
    assert (f["decision_bdays_median"], f["decision_n"]) == (3.0, 2)
    assert f["close_hours_median"] == 108.0  # 72 and 144 hours
    # First response: the decision communicated (no other message was sent).
    assert f["first_response_hours_median"] == 84.0


def test_outcome_rates_are_of_the_decided_complaints_received_in_the_period(march):
    f = total(kpis(*MARCH))
    assert (f["decided"], f["upheld"], f["not_upheld"], f["partly_upheld"]) == (2, 1, 1, 0)
    assert (f["upheld_rate"], f["not_upheld_rate"]) == (0.5, 0.5)


def test_redress_is_summed_and_counted_by_currency(march):
    f = total(kpis(*MARCH))
    assert f["redress"] == {
        "GBP": {"sum": Decimal("25.00"), "complaints": 1, "remedies": 1, "amount_unknown": 0}
    }


def test_rates_of_reopening_escalation_and_referral(march, history, cast):
    from upheld.complaints import lifecycle
    from upheld.insight import summaries

    a, b, c = march
    history.at(b.closed_at, lifecycle.reopen, b, by=cast.manager, reason="Wrote again.")
    summaries.run_all()
    f = total(kpis(*MARCH))
    assert (f["reopened"], round(f["reopened_rate"], 4)) == (1, round(1 / 3, 4))
    assert (f["escalated_rate"], f["referred_rate"]) == (0.0, 0.0)
    # Reopened, B is open again at the end of March; its closure no longer counts.
    assert (f["closed"], f["open"]) == (1, 2)


def test_nothing_is_counted_outside_the_period(march):
    from datetime import UTC, datetime

    f = total(kpis(datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)))
    assert (f["received"], f["closed"], f["acknowledge_n"]) == (0, 0, 0)
    assert f["open"] == 1  # C, received in March, still open at the end of April


def test_kpis_by_channel_give_one_row_per_value_and_the_total(march):
    rows = kpis(*MARCH, by="channel")
    assert [(r.name, r.figures["received"]) for r in rows] == [("web form", 3), ("(total)", 3)]


def test_each_view_adds_up_from_its_tallies_what_its_complaints_give(
    march, top_manager, manager, handler
):
    from datetime import date

    from upheld.insight.access import facts_for
    from upheld.insight.reports import period

    days = period(date(2026, 3, 1), date(2026, 3, 31))
    for user, view in ((top_manager, "organisation"), (manager, "team"), (handler, "mine")):
        scope = facts_for(user, view)
        assert scope.tallies, view  # read from the tallies
        for by in (None, "product", "channel", "handler"):
            assert kpis(*days, by, scope) == kpis(*days, by, scope.facts), (view, by)
    assert total(kpis(*days))["received"] == 3


def test_calendar_hours_count_to_the_nearest_hour(history):
    from datetime import UTC, datetime, timedelta

    from upheld.complaints import lifecycle
    from upheld.complaints.actors import SYSTEM
    from upheld.insight import summaries

    for minutes in (80, 100):  # 1 h 20 min → 1 hour; 1 h 40 min → 2 hours
        t = datetime(2026, 3, 2, 9, tzinfo=UTC)
        c = history.received(t)
        history.at(t + timedelta(minutes=minutes), lifecycle.acknowledge, c, by=SYSTEM)
    summaries.run_all()
    f = total(kpis(*MARCH))
    assert (f["acknowledge_hours_median"], f["acknowledge_n"]) == (1.5, 2)

"""DISP 1.10, 1 Annex 1R: the FCA complaints return for a half-year, whose every figure
reconciles to the list of complaints behind it."""

from datetime import UTC, date, datetime, timedelta

import pytest

from upheld.complaints import lifecycle
from upheld.insight import summaries
from upheld.insight.fca import BANDS, fca_return
from upheld.insight.reports import period
from upheld.taxonomy.models import Term


@pytest.fixture(autouse=True)
def fos(letterhead):
    """A final response under the FCA goes as a letter naming the Financial Ombudsman
    Service, its website and contact details, with its leaflet (DISP 1.6.2R; letters)."""


@pytest.fixture
def h1(db):
    """The first half of 2026, as days in the organisation's zone."""
    return period(date(2026, 1, 1), date(2026, 6, 30))


def term(dimension, code):
    return Term.objects.get(taxonomy__dimension=dimension, code=code)


@pytest.fixture
def half_year(history, cast):
    """Under the FCA regime: one received in December and closed in January within 8 weeks;
    one closed within 3 business days (upheld, 40 GBP); one closed after 8 weeks (not
    upheld); one still open; and one under ISO (not in the return)."""
    h, m = cast.handler, cast.manager
    cards = term("fca_product", "credit-cards").pk
    current = term("fca_product", "current-accounts").pk
    admin = term("fca_cause", "general-admin").pk
    terms_cause = term("fca_cause", "terms-disputed-sums").pk
    made = []

    def fca(when, product, cause):
        c = history.received(when)
        c = history.at(when, lifecycle.choose_regime, c, by=m, regime="fca", reason="Regulated.")
        return history.at(when, lifecycle.classify, c, by=h, fca_product=product, fca_cause=cause)

    refund = {"kind": "refund", "description": "Fee", "amount": "40.00", "currency": "GBP"}
    # Outstanding at the start, closed in January within 8 weeks.
    d0 = datetime(2025, 12, 15, 9, tzinfo=UTC)
    made.append(history.decided_and_closed(fca(d0, cards, admin), d0, ack_h=1, decide_h=24 * 30,
                                           close_h=24 * 31, outcome="not_upheld"))  # fmt: skip
    # Received Monday 2 March, closed Thursday 5 March: within 3 business days.
    d1 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    made.append(history.decided_and_closed(fca(d1, cards, terms_cause), d1, ack_h=1, decide_h=70,
                                           close_h=72, remedies=[refund]))  # fmt: skip
    # Received 5 January, closed after 8 weeks.
    d2 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    made.append(history.decided_and_closed(fca(d2, current, admin), d2, ack_h=1,
                                           decide_h=24 * 60, close_h=24 * 61,
                                           outcome="not_upheld"))  # fmt: skip
    # Still open.
    made.append(fca(datetime(2026, 5, 4, 9, tzinfo=UTC), current, admin))
    # ISO: not reported.
    history.received(datetime(2026, 2, 2, 9, tzinfo=UTC))
    summaries.run_all()
    return made


def test_the_return_counts_outstanding_opened_and_closed_by_band(half_year, h1):
    ret = fca_return(*h1)
    cards = ret.rows["Banking and credit cards › Credit cards"]
    current = ret.rows["Banking and credit cards › Current accounts"]
    assert (cards["outstanding_at_start"], cards["opened"], cards["closed"]) == (1, 1, 2)
    assert (cards[BANDS[1]], cards[BANDS[2]], cards[BANDS[3]]) == (1, 1, 0)
    assert (current["opened"], current["closed"], current[BANDS[3]]) == (2, 1, 1)
    assert (cards["upheld_total"], cards["redress_upheld"]) == (1, 40)
    assert ret.due_on.isoformat() == "2026-08-11"  # 30 business days after 30 June


def test_every_figure_reconciles_to_the_listed_complaints(half_year, h1):
    ret = fca_return(*h1)
    totals = ret.totals()
    lines = ret.lines
    assert totals["outstanding_at_start"] == sum(line.outstanding_at_start for line in lines)
    assert totals["opened"] == sum(line.opened for line in lines)
    for band, name in BANDS.items():
        assert totals[name] == sum(line.closed_band == band for line in lines)
    assert totals["redress_upheld"] + totals["redress_not_upheld"] == sum(
        line.redress for line in lines if line.closed_band
    )
    assert sorted(line.reference for line in lines) == sorted(c.reference for c in half_year)


def test_an_imported_complaint_without_a_closure_time_is_listed_apart(half_year, h1):
    from upheld.insight.models import Fact

    Fact.objects.filter(complaint_id=half_year[1].pk).update(times_unknown=True)
    ret = fca_return(*h1)
    assert ret.not_counted == [half_year[1].reference]
    assert half_year[1].reference not in [line.reference for line in ret.lines]


def test_a_complaint_closed_on_the_fourth_business_day_is_not_within_three(history, cast, h1):
    c0 = datetime(2026, 3, 6, 9, tzinfo=UTC)  # a Friday: Mon 9, Tue 10, Wed 11 are the three
    c = history.received(c0)
    c = history.at(c0, lifecycle.choose_regime, c, by=cast.manager, regime="fca", reason="R.")
    c = history.at(c0, lifecycle.classify, c, by=cast.handler,
                   fca_product=term("fca_product", "credit-cards").pk,
                   fca_cause=term("fca_cause", "other").pk)  # fmt: skip
    closed_at = c0 + timedelta(days=6)  # Thursday 12
    history.decided_and_closed(c, c0, ack_h=1, decide_h=24 * 5, close_h=24 * 6)
    summaries.run_all()
    ret = fca_return(*h1)
    line = next(line for line in ret.lines if line.reference == c.reference)
    assert (line.closed_at.date(), line.closed_band) == (closed_at.date(), 2)


def test_the_return_is_reminded_from_the_end_of_the_half_year_until_it_is_due(db):
    from upheld.insight.fca import return_due

    assert return_due(date(2026, 6, 30)) is None
    assert return_due(date(2026, 7, 1)) == (date(2026, 1, 1), date(2026, 6, 30), date(2026, 8, 11))
    assert return_due(date(2026, 8, 11))[2] == date(2026, 8, 11)
    assert return_due(date(2026, 8, 12)) is None
    assert return_due(date(2027, 1, 4))[0] == date(2026, 7, 1)


def test_the_dashboard_reminds_of_the_return_due(client, half_year, top_manager, time_machine):
    time_machine.move_to(datetime(2026, 7, 15, 12, tzinfo=UTC))
    client.force_login(top_manager)
    body = client.get("/insight/organisation/").content.decode()
    assert "2026-01-01 to 2026-06-30 is due on 2026-08-11" in body

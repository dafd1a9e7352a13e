"""ISO 10002 8.2: weekly and monthly series with a rise flagged against a Poisson control
limit on a rolling baseline, and recurring and systemic problems listed with their
complaints' references, never personal data."""

from datetime import UTC, datetime, timedelta

import pytest

from upheld.insight import summaries
from upheld.insight.trends import poisson_tail, problems, series
from upheld.taxonomy.models import Term


def test_the_poisson_tail_is_exact_for_small_rates():
    # P(X >= 2 | 1) = 1 - e^-1 (1 + 1)
    assert abs(poisson_tail(2, 1.0) - (1 - 2 * 2.718281828459045**-1)) < 1e-12
    assert poisson_tail(0, 3.0) == 1.0


@pytest.fixture
def weeks(history, cast, category):
    """Two complaints a week for ten weeks from Monday 5 January 2026, then nine in the
    eleventh week, all of cause 'delay' across three products."""
    products = [category]
    from upheld.complaints.models import Category

    for name in ("Loans", "Cards"):
        products.append(Category.objects.create(name=name))
    delay = Term.objects.get(taxonomy__dimension="cause", code="delay").pk
    from upheld.complaints import lifecycle

    start = datetime(2026, 1, 5, 10, tzinfo=UTC)
    made = []
    for week in range(11):
        for i in range(9 if week == 10 else 2):
            when = start + timedelta(weeks=week, hours=i)
            c = history.received(when)
            c = history.at(when, lifecycle.classify, c, by=cast.handler,
                           category=products[i % 3], cause=delay)  # fmt: skip
            made.append(c)
    summaries.run_all()
    return made


PERIOD = (datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 3, 23, tzinfo=UTC))


def test_a_week_far_above_its_baseline_is_flagged_as_a_rise(weeks):
    (total,) = series(*PERIOD, "week")
    counts = [p.count for p in total.points]
    assert counts == [2] * 10 + [9]
    assert [p.rise for p in total.points] == [False] * 10 + [True]
    assert total.points[-1].baseline == 2.0
    assert all(p.baseline is None for p in total.points[:4])  # too little history yet


def test_monthly_series_per_dimension(weeks):
    by_product = {s.name: [p.count for p in s.points] for s in series(*PERIOD, "month", "product")}
    assert sum(sum(v) for v in by_product.values()) == 29
    assert len(by_product) == 3  # one series per product, each complaint once


def test_a_cause_seen_often_and_across_products_is_recurring_and_systemic(weeks):
    found = problems(*PERIOD, recurring_min=5, systemic_min=3)
    kinds = {(p.kind, p.name) for p in found}
    assert kinds == {("recurring", "Delay"), ("systemic", "Delay")}
    systemic = next(p for p in found if p.kind == "systemic")
    assert len(systemic.spread) == 3 and all(s.startswith("product: ") for s in systemic.spread)
    assert sorted(systemic.references) == sorted(c.reference for c in weeks)
    # References only: nothing of the complainants.
    assert not any("Ada" in r for r in systemic.references)


def test_no_problem_below_the_thresholds(weeks):
    assert problems(*PERIOD, recurring_min=100, systemic_min=4) == []

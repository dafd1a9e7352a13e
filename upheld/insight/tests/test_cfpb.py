"""ISO 10002 8.2, 8.4 on real data: a twelfth of the CFPB export imported through the
import, then Upheld's counts by product and month, its share of timely responses and its
outcome shares equal an independent computation from the CSV itself."""

import csv
from collections import Counter
from datetime import UTC, datetime

import pytest

from upheld.insight import summaries
from upheld.insight.kpis import kpis
from upheld.insight.trends import series
from upheld.intake.bulk.runner import import_file
from upheld.intake.bulk.tests.readback import FULL

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FULL.exists(), reason=f"the CFPB export is not at {FULL}"),
]
EVERY = 12
UPHELD = {"Closed with monetary relief", "Closed with non-monetary relief"}
NOT_UPHELD = {"Closed with explanation", "Closed without relief", "Closed"}


@pytest.fixture
def imported(org, tmp_path):
    with open(FULL, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = [row for i, row in enumerate(reader) if i % EVERY == 0]
        header = reader.fieldnames
    sample = tmp_path / "sample.csv"
    with open(sample, "w", newline="", encoding="utf-8") as f:
        out = csv.DictWriter(f, header)
        out.writeheader()
        out.writerows(rows)
    summary = import_file(sample, fmt="cfpb", progress=False, rejects=tmp_path / "rejects.csv")
    assert summary.created == len(rows)  # the sample has no row the import refuses
    summaries.run_all()
    return rows


def test_counts_by_product_and_month_timely_and_outcome_shares_equal_the_file(imported):
    counts_by_product_and_month_equal_the_file(imported)
    shares_of_timely_responses_and_of_each_outcome_equal_the_file(imported)


def counts_by_product_and_month_equal_the_file(imported):
    expected = Counter((r["Product"], r["Date received"][:7]) for r in imported)
    start = datetime(2011, 1, 1, tzinfo=UTC)
    got = Counter()
    for s in series(start, datetime(2031, 1, 1, tzinfo=UTC), "month", by="product"):
        for p in s.points:
            if p.count:
                got[(s.name, p.period.strftime("%Y-%m"))] = p.count
    assert got == expected


def shares_of_timely_responses_and_of_each_outcome_equal_the_file(imported):
    by_product: dict = {}
    for r in imported:
        f = by_product.setdefault(r["Product"], Counter())
        f["received"] += 1
        f["timely_known"] += r["Timely response?"] in ("Yes", "No")
        f["timely"] += r["Timely response?"] == "Yes"
        response = r["Company response to consumer"]
        f["decided"] += response in UPHELD | NOT_UPHELD
        f["upheld"] += response in UPHELD
        f["not_upheld"] += response in NOT_UPHELD
        f["monetary"] += response == "Closed with monetary relief"
    rows = kpis(datetime(2011, 1, 1, tzinfo=UTC), datetime(2031, 1, 1, tzinfo=UTC), by="product")
    got = {r.name: r.figures for r in rows[:-1]}
    assert set(got) == set(by_product)
    for product, f in by_product.items():
        g = got[product]
        assert (g["received"], g["decided"], g["upheld"], g["not_upheld"]) == (
            f["received"], f["decided"], f["upheld"], f["not_upheld"],
        ), product  # fmt: skip
        assert g["timely_rate"] == round(f["timely"] / f["timely_known"], 4), product
        assert g["upheld_rate"] == (round(f["upheld"] / f["decided"], 4) if f["decided"] else None)
        # Monetary relief: counted, its amount unknown (the CFPB does not publish it).
        red = g["redress"].get("USD", {"complaints": 0, "amount_unknown": 0})
        assert (red["complaints"], red["amount_unknown"]) == (f["monetary"], f["monetary"])
        # Their decision and closure times are unknown: none is counted, each is said.
        assert g["close_n"] == 0 and g["close_not_counted"] == f["decided"]

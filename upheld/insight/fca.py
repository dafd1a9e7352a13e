"""The FCA complaints return for a reporting period (DISP 1.10, DISP 1 Annex 1R) and the
complaints data summary firms publish (DISP 1.10A), from the facts of complaints handled
under the FCA's regimes.

The return, by product group (and for closures by cause):
- outstanding at the start of the period (received before it, not closed by it);
- opened in the period;
- closed in the period: within 3 business days of receipt, after 3 business days but within
  8 weeks, after 8 weeks (facts.close_band);
- closed and upheld (wholly or partly: DISP 1 Annex 1R counts both; shown apart too);
- redress paid for complaints closed in the period, for those upheld and those not upheld.

Every figure reconciles to the list of complaints behind it (`lines`): each line says in
which parts a complaint counts. An imported complaint whose closure time the source did not
give cannot be placed in a period: it is listed apart as not counted.

Due: 30 business days after the end of the period (DISP 1.10.1R), on the organisation's
calendar."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from upheld.deadlines.models import Calendar
from upheld.taxonomy.models import Term

from .kpis import scope

FCA_REGIMES = ("fca", "fca_psd")
BANDS = {1: "closed_within_3_business_days", 2: "closed_within_8_weeks", 3: "closed_after_8_weeks"}
UPHELD = ("upheld", "partly_upheld")


@dataclass
class Line:
    reference: str
    product_group: str
    cause: str
    received_at: datetime
    closed_at: datetime | None
    outstanding_at_start: bool
    opened: bool
    closed_band: int | None
    outcome: str
    redress: Decimal
    currency: str


@dataclass
class FcaReturn:
    start: datetime
    end: datetime
    due_on: object
    rows: dict = field(default_factory=dict)  # product group → figures
    causes: dict = field(default_factory=dict)  # (product group, cause) → closed by band
    lines: list[Line] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)  # references, closure time unknown

    def totals(self) -> dict:
        out: dict = defaultdict(lambda: Decimal(0))
        for figures in self.rows.values():
            for k, v in figures.items():
                out[k] += v
        return dict(out)


def _figures() -> dict:
    return {
        "outstanding_at_start": 0,
        "opened": 0,
        **{b: 0 for b in BANDS.values()},
        "closed": 0,
        "upheld": 0,
        "partly_upheld": 0,
        "upheld_total": 0,
        "redress_upheld": Decimal(0),
        "redress_not_upheld": Decimal(0),
    }


def fca_return(start: datetime, end: datetime, facts=None) -> FcaReturn:
    qs = scope(facts).filter(regime__in=FCA_REGIMES, received_at__lt=end)
    # Four parts, each read from an index of its own (one OR of them read every fact
    # received before the end: 20 s at a million): received in the period; received before
    # it and closed since its start; received before it and open now; closure time unknown.
    parts = (
        qs.filter(received_at__gte=start),
        qs.filter(received_at__lt=start, closed_at__gte=start),
        qs.filter(received_at__lt=start, is_open=True, closed_at=None, times_unknown=False),
        qs.filter(received_at__lt=start, times_unknown=True),
    )
    cal = Calendar.every().organisation
    last_day = cal.local_date(end - timedelta(microseconds=1))
    due = cal.business_days_after(last_day, 30)
    result = FcaReturn(start, end, due)
    terms = {
        t.pk: str(t)
        for t in Term.objects.filter(taxonomy__dimension__in=["fca_product", "fca_cause"])
    }
    fields = (
        "reference received_at closed_at is_open times_unknown fca_product_id fca_cause_id "
        "close_band outcome redress_amount redress_currency"
    ).split()
    found = sorted(
        (f for part in parts for f in part.values("complaint_id", *fields).iterator(2000)),
        key=lambda f: (f["received_at"], f["complaint_id"]),
    )
    for f in found:
        if f["times_unknown"]:
            result.not_counted.append(f["reference"])
            continue
        group = terms.get(f["fca_product_id"], "(not classified)")
        cause = terms.get(f["fca_cause_id"], "(not classified)")
        closed = f["closed_at"]
        outstanding = f["received_at"] < start and (closed is None or closed >= start)
        opened = f["received_at"] >= start
        band = f["close_band"] if closed is not None and start <= closed < end else None
        if not (outstanding or opened or band):
            continue
        redress = f["redress_amount"] or Decimal(0)
        row = result.rows.setdefault(group, _figures())
        row["outstanding_at_start"] += outstanding
        row["opened"] += opened
        if band:
            row[BANDS[band]] += 1
            row["closed"] += 1
            by_cause = result.causes.setdefault((group, cause), {b: 0 for b in BANDS.values()})
            by_cause[BANDS[band]] += 1
            if f["outcome"] in UPHELD:
                row[f["outcome"]] += 1
                row["upheld_total"] += 1
                row["redress_upheld"] += redress
            else:
                row["redress_not_upheld"] += redress
        result.lines.append(
            Line(
                f["reference"],
                group,
                cause,
                f["received_at"],
                closed,
                outstanding,
                opened,
                band,
                f["outcome"],
                redress,
                f["redress_currency"],
            )
        )
    return result


def disp_summary(start: datetime, end: datetime, facts=None) -> list[dict]:
    """DISP 1.10A: per product group, complaints opened and closed in the period, the share
    closed within 3 business days and within 8 weeks, the share upheld, and the main cause.
    Complaints per 1,000 accounts needs the number of accounts, which Upheld does not hold:
    the column is left empty for the firm to fill."""
    ret = fca_return(start, end, facts)
    main: dict = {}
    for (group, cause), bands in ret.causes.items():
        n = sum(bands.values())
        if n > main.get(group, ("", 0))[1]:
            main[group] = (cause, n)
    out = []
    for group, f in sorted(ret.rows.items()):
        closed = f["closed"]
        out.append(
            {
                "product_group": group,
                "per_1000_accounts": None,
                "opened": f["opened"],
                "closed": closed,
                "closed_within_3_days": _share(f[BANDS[1]], closed),
                "closed_within_8_weeks": _share(f[BANDS[1]] + f[BANDS[2]], closed),
                "upheld": _share(f["upheld_total"], closed),
                "main_cause": main.get(group, ("", 0))[0],
            }
        )
    return out


def _share(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def return_due(today: date) -> tuple[date, date, date] | None:
    """The half-year return whose 30 business days to its due date (DISP 1.10.1R) include
    `today`: (first day, last day, due day), or None. A reminder from the end of the
    period, 30 business days before it is due."""
    cal = Calendar.every().organisation
    for first, last in (
        (date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)),
        (date(today.year, 1, 1), date(today.year, 6, 30)),
    ):
        due = cal.business_days_after(last, 30)
        if last < today <= due:
            return first, last, due
    return None

"""The reports (ISO 10002 8.4, 8.6; DISP 1.10): each a name, a title, and a function of the
period, the dimension and the viewer's scope giving its columns and its rows. The command
(`upheld report`), the pages and the API all read them from here."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from upheld.core import localtime

from .kpis import kpis, scope


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: Iterable[list]
    count: int | None = None  # rows to come, when known (a progress bar)


def period(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as days in the organisation's zone → [start 00:00, day after end 00:00)."""
    zone = localtime.zone() or UTC
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


SCALARS = [
    "received", "closed", "open",
    *[f"{t}_{u}_{p}" for t in ("acknowledge", "first_response", "decision", "close")
      for u in ("hours", "bdays") for p in ("median", "p90")],
    *[f"{t}_{s}" for t in ("acknowledge", "first_response", "decision", "close")
      for s in ("n", "not_counted")],
    "decided", "upheld", "partly_upheld", "not_upheld",
    "upheld_rate", "partly_upheld_rate", "not_upheld_rate",
    "timely", "timely_known", "timely_rate",
    "reopened", "reopened_rate", "escalated", "escalated_rate", "referred", "referred_rate",
]  # fmt: skip


def kpi_table(start: datetime, end: datetime, by: str | None = None, facts=None) -> Table:
    rows = kpis(start, end, by, facts)
    currencies = sorted({c for r in rows for c in r.figures["redress"]})
    clocks = sorted({k for r in rows for k in r.figures["within_target"]})
    questions = sorted(
        {q for r in rows for q in r.figures.get("satisfaction", {}).get("means", {})}
    )
    header = [by or "group", "name", *SCALARS]
    for cur in currencies:
        header += [f"redress_{cur}_sum", f"redress_{cur}_complaints", f"redress_{cur}_unknown"]
    for key in clocks:
        header += [f"within_{key}_met", f"within_{key}_total", f"within_{key}_share"]
    if questions:
        header += ["survey_invited", "survey_answered", *[f"satisfaction_{q}" for q in questions]]
    out = []
    for r in rows:
        f = r.figures
        line = [r.key if r.key != "__total__" else "", r.name, *[f.get(s) for s in SCALARS]]
        for cur in currencies:
            red = f["redress"].get(cur, {})
            line += [red.get("sum"), red.get("complaints", 0), red.get("amount_unknown", 0)]
        for key in clocks:
            got = f["within_target"].get(key, {})
            line += [got.get("met", 0), got.get("total", 0), got.get("share")]
        if questions:
            sat = f.get("satisfaction")
            line += (
                [sat["invited"], sat["answered"], *[sat["means"].get(q) for q in questions]]
                if sat
                else [None] * (2 + len(questions))
            )
        out.append(line)
    return Table("KPIs", header, out, len(out))


REPORTS: dict[str, Callable[..., Table]] = {"kpis": kpi_table}


# ---------------------------------------------------------------- trends and problems


def trends_table(start, end, by=None, facts=None, grain="month") -> Table:
    from .trends import problems, series

    header = ["kind", by or "group", "name", "period", "count", "baseline", "p_value", "rise",
              "spread", "complaints"]  # fmt: skip
    rows = []
    for s in series(start, end, grain, by, facts):
        for p in s.points:
            rows.append(
                [grain, s.key if s.key != "__total__" else "", s.name, p.period.date(), p.count,
                 None if p.baseline is None else round(p.baseline, 3),
                 None if p.p_value is None else round(p.p_value, 6), p.rise, "", ""]
            )  # fmt: skip
    for pr in problems(start, end, facts=facts):
        rows.append(
            [pr.kind, pr.key, pr.name, "", pr.count, None, None, None, "; ".join(pr.spread),
             " ".join(pr.references)]
        )  # fmt: skip
    return Table("Trends and problems", header, rows, len(rows))


# ---------------------------------------------------------------- the complaints themselves

COMPLAINT_COLUMNS = [
    "reference", "received_at", "channel", "regime", "status", "product", "category", "cause",
    "fca_product", "fca_cause", "team", "handler", "acknowledged_at", "first_response_at",
    "decided_at", "closed_at", "times_unknown", "close_hours", "close_business_days",
    "outcome", "redress", "currency", "reopened", "escalated", "referred", "source_timely",
]  # fmt: skip


def complaints_table(start, end, by=None, facts=None) -> Table:
    """Every complaint received in the period, one row each, no personal data (ISO 10002
    4.7): its reference, dimensions, times and outcome. Streamed from the facts in chunks."""
    from .dimensions import DIMENSIONS

    qs = scope(facts).filter(received_at__gte=start, received_at__lt=end)
    count = qs.count()
    names = {
        name: DIMENSIONS[name].names(
            list(
                qs.exclude(**{f"{DIMENSIONS[name].column}__isnull": True})
                .values_list(DIMENSIONS[name].column, flat=True)
                .distinct()
                .order_by()
            )
        )
        for name in ("product", "category", "cause", "fca_product", "fca_cause", "team", "handler")
    }

    def rows():
        fields = [
            "reference", "received_at", "channel", "regime", "status", "product_id",
            "category_id", "cause_id", "fca_product_id", "fca_cause_id", "team_id",
            "assignee_id", "acknowledged_at", "first_response_at", "decided_at", "closed_at",
            "times_unknown", "close_hours", "close_bdays", "outcome", "redress_amount",
            "redress_currency", "reopened", "escalated", "referred", "source_timely",
        ]  # fmt: skip
        dims = dict(zip(fields[5:12], ("product", "category", "cause", "fca_product",
                                        "fca_cause", "team", "handler"), strict=True))  # fmt: skip
        for f in qs.order_by("received_at", "complaint_id").values_list(*fields).iterator(2000):
            row = list(f)
            for i, name in enumerate(fields[5:12], 5):
                row[i] = names[dims[name]].get(row[i], "") if row[i] is not None else ""
            yield row

    return Table("Complaints", COMPLAINT_COLUMNS, rows(), count)


# ---------------------------------------------------------------- FCA


def fca_return_table(start, end, by=None, facts=None) -> Table:
    from .fca import BANDS, fca_return

    ret = fca_return(start, end, facts)
    header = ["product_group", "cause", "outstanding_at_start", "opened", *BANDS.values(),
              "closed", "upheld", "partly_upheld", "upheld_total", "redress_upheld",
              "redress_not_upheld"]  # fmt: skip
    rows = []
    for group, f in sorted(ret.rows.items()):
        rows.append([group, "", *[f[h] for h in header[2:]]])
        for (g, cause), bands in sorted(ret.causes.items()):
            if g == group:
                rows.append([group, cause, None, None, *bands.values(), sum(bands.values()),
                             None, None, None, None, None])  # fmt: skip
    totals = ret.totals()
    rows.append(["(total)", "", *[totals.get(h, 0) for h in header[2:]]])
    rows.append([f"due on {ret.due_on.isoformat()}", "", *[None] * (len(header) - 2)])
    if ret.not_counted:
        rows.append([f"not counted (closure time unknown): {len(ret.not_counted)}", "",
                     *[None] * (len(header) - 2)])  # fmt: skip
    return Table("FCA complaints return (DISP 1 Annex 1R)", header, rows, len(rows))


def disp_summary_table(start, end, by=None, facts=None) -> Table:
    from .fca import disp_summary

    found = disp_summary(start, end, facts)
    header = ["product_group", "per_1000_accounts", "opened", "closed", "closed_within_3_days",
              "closed_within_8_weeks", "upheld", "main_cause"]  # fmt: skip
    return Table(
        "Complaints data summary (DISP 1.10A)",
        header,
        [[r[h] for h in header] for r in found],
        len(found),
    )


REPORTS.update(
    {
        "trends": trends_table,
        "complaints": complaints_table,
        "fca-return": fca_return_table,
        "disp-summary": disp_summary_table,
    }
)

"""The reports (ISO 10002 8.4, 8.6; DISP 1.10): each a name, a title, and a function of the
period, the dimension and the viewer's scope giving its columns and its rows. The command
(`upheld report`), the pages and the API all read them from here."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from upheld.core import localtime

from .kpis import kpis


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

"""The KPIs of ISO 10002 8.4 for a period [start, end), per value of a dimension, added up
from the tallies of the viewer's scope (scopes.py; what each counts: tally.py). One row per
group with the group's name and its figures, and a total row.

What each figure counts, and its cohort:
- received: received in the period; closed: closed in the period (known time); open: at the
  period's end (received before it, not closed by it);
- time to acknowledge / first response / decision / close: of the complaints whose moment
  fell in the period, median and 90th percentile in calendar hours (each duration to the
  nearest hour) and in business days (exact);
  `not_counted`: complaints received in the period whose times the source did not give
  (imported closed: their decision and closure times are unknown, never the import's);
- within target: of the binding clocks that stopped in the period, the share stopped by
  their due time, per clock (acknowledge, final_response, …);
- outcomes, timeliness the source reported, redress, reopen, escalation and referral rates:
  of the complaints received in the period (a cohort: each complaint counts once);
- satisfaction: the survey's results for invitations sent in the period (survey.selectors),
  on the total row, and on each row when grouped by team or channel.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from upheld.survey import selectors as survey

from . import tally
from .dimensions import DIMENSIONS, unknown_dimension
from .scopes import ALL, Cell, beginning, facts_of, tallied

TOTAL = ALL
TIMES = {
    "acknowledge": ("ack", "acknowledged_at"),
    "first_response": ("response", "first_response_at"),
    "decision": ("decision", "decided_at"),
    "close": ("close", "closed_at"),
}
OUTCOMES = tally.OUTCOMES


@dataclass
class Row:
    key: object
    name: str
    figures: dict = field(default_factory=dict)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def scope(facts=None, *, team_ids=None, assignee_id=None):
    """The facts a viewer's figures cover: all, their teams', or their own."""
    qs = facts_of(facts)
    if team_ids is not None:
        qs = qs.filter(team_id__in=team_ids)
    if assignee_id is not None:
        qs = qs.filter(assignee_id=assignee_id)
    return qs


def kpis(
    start: datetime, end: datetime, by: str | None = None, facts=None, *, detail: bool = True
) -> list[Row]:
    """KPI rows per value of dimension `by` (None: only the total), then the total row.
    Without `detail`, the groups' rows have their counts only (what a dashboard shows):
    no redress, clocks or durations, the total row has all."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(unknown_dimension(by))
    dim = DIMENSIONS[by] if by else None
    name = by or tally.TOTAL
    cells = tallied(facts, name, start, end, details=detail or not by, times=not by)
    if by and detail:
        for key, timed in tallied(facts, name, start, end, counts=False, times=True).items():
            cells.setdefault(key, Cell()).times = timed.times
    groups = {key: _figures(cell) for key, cell in cells.items()}
    # Open at the period's end: opened before the end less closed before it, added up from
    # the first day (two index-served counts of the facts read every open complaint: 0.5 s
    # at a million).
    for key, cell in tallied(facts, name, beginning(end), end).items():
        if cell.counts.get("opened", 0) - cell.counts.get("closed", 0):
            figures = groups.setdefault(key, {})
            figures["open"] = cell.counts.get("opened", 0) - cell.counts.get("closed", 0)
    rows = [_finish(key, figures) for key, figures in groups.items()]
    names = dim.names([r.key for r in rows if r.key is not None]) if dim else {}
    for r in rows:
        r.name = "(total)" if r.key == TOTAL else names.get(r.key, "(not classified)")
    rows.sort(key=lambda r: (-r.figures.get("received", 0), r.name))
    if dim is not None:
        rows.append(kpis(start, end, None, facts)[0])
    else:
        _satisfaction(rows[0] if rows else None, start, end)
    if not rows or rows[-1].key != TOTAL:
        rows.append(_finish(TOTAL, {}))
        rows[-1].name = "(total)"
    return rows


def _figures(cell: Cell) -> dict:
    """A group's figures from what its complaints add up to (tally.py)."""
    f = dict(cell.counts)
    for cur, (cents, n, remedies, unknown) in sorted(cell.redress.items()):
        f.setdefault("redress", {})[cur] = {
            "sum": (Decimal(cents) / 100).quantize(Decimal("0.01")),
            "complaints": n,
            "remedies": remedies,
            "amount_unknown": unknown,
        }
    for key, (met, total) in sorted(cell.clocks.items()):
        f.setdefault("within_target", {})[key] = {
            "met": met,
            "total": total,
            "share": _rate(met, total),
        }
    for name, (prefix, _) in TIMES.items():
        for unit in ("hours", "bdays"):
            hist = cell.times.get(f"{prefix}_{unit}")
            if hist:
                f[f"{name}_{unit}_median"] = tally.percentile(hist, 0.5)
                f[f"{name}_{unit}_p90"] = tally.percentile(hist, 0.9)
                f[f"{name}_n"] = sum(hist.values())
    return f


def _finish(key, f: dict) -> Row:
    f.setdefault("received", 0)
    for name in ("closed", "open"):
        f.setdefault(name, 0)
    for name in ("decided", *OUTCOMES, "timely_known", "timely", "reopened", "escalated"):
        f.setdefault(name, 0)
    f.setdefault("referred", 0)
    for o in OUTCOMES:
        f[f"{o}_rate"] = _rate(f[o], f["decided"])
    f["timely_rate"] = _rate(f["timely"], f["timely_known"])
    for name in ("reopened", "escalated", "referred"):
        f[f"{name}_rate"] = _rate(f[name], f["received"])
    unknown = f.pop("times_unknown", 0)
    ack_unknown = f.pop("ack_unknown", 0)
    for name in TIMES:
        f.setdefault(f"{name}_n", 0)
        f[f"{name}_not_counted"] = ack_unknown if name == "acknowledge" else unknown
        for unit in ("hours", "bdays"):
            for p in ("median", "p90"):
                f.setdefault(f"{name}_{unit}_{p}", None)
    f.setdefault("redress", {})
    f.setdefault("within_target", {})
    return Row(key, "", f)


def _satisfaction(total: Row | None, start: datetime, end: datetime) -> None:
    if total is None:
        return
    results = survey.results(start, end)
    total.figures["satisfaction"] = {
        "invited": results.overall.invited,
        "answered": results.overall.answered,
        "means": results.overall.means,
    }

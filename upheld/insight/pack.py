"""Reports as PDF, and the management-review pack (ISO 10002 8.6), through Typst: the renderer
the letters use (upheld.letters.pdf, its compiler and fonts), with a layout of their own
(templates/insight/pack.typ). Every value is given as JSON data, never as markup.

The pack holds every input of 8.6 that Upheld keeps: the results of analysis (the KPIs,
the trend with its control limit, the problems found), satisfaction (the survey), the
objectives against what happened (the time limits' objectives), a comparison with the
previous period of the same length, and recommendations drawn from what was found. The audit
results and the follow-up of the previous review's decisions are records of upheld.assurance,
which sits above this app: it passes them in as sections (`inputs`) when a review is held,
so this module imports nothing of it."""

import json
from datetime import UTC, date, datetime, timedelta  # noqa: F401
from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from upheld.letters.pdf import _compiler  # one compiler per thread, the wheel's fonts only
from upheld.organisation.models import Organisation

from . import svg
from .kpis import kpis
from .trends import problems, series

SOURCE = (Path(__file__).parent / "templates" / "insight" / "pack.typ").read_bytes()


def _text(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def section(heading, paragraphs=(), items=(), charts=(), tables=()) -> dict:
    """A section of a pack or report: a heading, then paragraphs, items, charts, tables."""
    return {
        "heading": heading,
        "paragraphs": list(paragraphs),
        "items": list(items),
        "charts": list(charts),
        "tables": [
            {
                "header": [str(h) for h in t["header"]],
                "rows": [[_text(v) for v in row] for row in t["rows"]],
                "caption": t.get("caption", ""),
            }
            for t in tables
        ],
    }


def render(
    title: str, period: str, sections: list[dict], landscape: bool = False, fmt: str = "pdf"
) -> bytes:
    """The pack as PDF, or its first page as PNG (for the docs)."""
    org = Organisation.objects.first()
    data = {
        "lang": (get_language() or "en")[:2],
        "title": title,
        "org": org.name if org else "",
        "period": period,
        "made": _("Made on {day}").format(day=timezone.localdate().isoformat()),
        "page_label": _("Page"),
        "landscape": landscape,
        "sections": sections,
    }
    out = _compiler().compile(
        input=SOURCE,
        format=fmt,
        ppi=110 if fmt == "png" else None,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        root=str(Path(__file__).parent / "templates" / "insight"),
        timestamp=datetime.now(tz=UTC).replace(microsecond=0),
    )
    return out[0] if isinstance(out, list) else out  # PNG: the first page


def table_pdf(table, period: str = "") -> bytes:
    """Any report's table as a PDF. A wide table (the KPIs have some sixty columns) is
    turned: one line per column, one column per row, in pages of at most seven rows."""
    rows = list(table.rows)
    header = [str(h) for h in table.header]
    if len(header) <= 10:
        tables = [{"header": header, "rows": rows}]
    else:
        tables = []
        for i in range(0, max(len(rows), 1), 7):
            part = rows[i : i + 7]
            tables.append(
                {
                    "header": ["", *[_text(r[1]) for r in part]],
                    "rows": [[h, *[r[j] for r in part]] for j, h in enumerate(header) if j != 1],
                }
            )
    return render(table.title, period, [section(table.title, tables=tables)])


KPI_LINES = [
    ("received", gettext_noop("Received")),
    ("closed", gettext_noop("Closed")),
    ("open", gettext_noop("Open at the end")),
    (
        "acknowledge_hours_median",
        gettext_noop("Time to acknowledge, median (hours, each to the nearest hour)"),
    ),
    ("decision_bdays_median", gettext_noop("Time to decision, median (business days)")),
    ("close_bdays_median", gettext_noop("Time to close, median (business days)")),
    ("close_bdays_p90", gettext_noop("Time to close, 90th percentile (business days)")),
    ("close_not_counted", gettext_noop("Not counted in the times (imported, time unknown)")),
    ("upheld_rate", gettext_noop("Upheld (share of decided)")),
    ("partly_upheld_rate", gettext_noop("Partly upheld (share of decided)")),
    ("not_upheld_rate", gettext_noop("Not upheld (share of decided)")),
    ("reopened_rate", gettext_noop("Reopened (share of received)")),
    ("escalated_rate", gettext_noop("Escalated for review (share of received)")),
    ("referred_rate", gettext_noop("Referred to an external body (share of received)")),
]


def management_review(
    start: datetime, end: datetime, facts=None, fmt: str = "pdf", inputs: list[dict] | None = None
) -> bytes:
    """The pack (8.6). `inputs`: sections made by section() that take the place of the note
    on audits and the previous review (upheld.assurance gives them when a review is held)."""
    from upheld.deadlines.models import Objective
    from upheld.deadlines.objectives import actual

    length = end - start
    before = kpis(start - length, start, None, facts)[-1].figures
    now = kpis(start, end, None, facts)
    total = now[-1].figures
    by_product = kpis(start, end, "product", facts)[:-1][:12]
    trend = series(start, end, "month", None, facts)
    points = trend[0].points if trend else []
    found = problems(start, end, facts=facts, limit=15)
    last_day = (end - timedelta(microseconds=1)).date()
    period = f"{start.date().isoformat()} – {last_day.isoformat()}"
    sections = []
    sections.append(
        section(
            _("Results of the analysis (ISO 10002 8.4, 8.5)"),
            tables=[
                {
                    "header": [_("Figure"), _("This period"), _("The period before")],
                    "rows": [
                        [_(label), total.get(key), before.get(key)] for key, label in KPI_LINES
                    ],
                },
                {
                    "header": [
                        _("Product or service"),
                        _("Received"),
                        _("Closed"),
                        _("Upheld"),
                        _("Not upheld"),
                    ],  # fmt: skip
                    "rows": [
                        [
                            r.name,
                            r.figures["received"],
                            r.figures["closed"],
                            r.figures["upheld"],
                            r.figures["not_upheld"],
                        ]  # fmt: skip
                        for r in by_product
                    ],
                },
            ],
        )
    )
    sections.append(
        section(
            _("Trend"),
            paragraphs=[
                _(
                    "Complaints received per month. A month is marked as a rise when so many "
                    "complaints would arrive by chance with a probability under 1 % at the "
                    "mean rate of the eight months before it (Poisson control limit)."
                )
            ],
            charts=[
                {
                    "title": _("Complaints received per month"),
                    "svg": str(svg.series("pack", _("Complaints received per month"), "", points)),
                }
            ],
            tables=[
                {
                    "header": [_("Month"), _("Received"), _("Baseline"), _("Rise")],
                    "rows": [
                        [p.period.date(), p.count, p.baseline, _("yes") if p.rise else ""]
                        for p in points
                    ],
                }
            ],
        )
    )
    sections.append(
        section(
            _("Recurring and systemic problems (ISO 10002 8.2)"),
            items=[
                f"{_('Systemic') if p.kind == 'systemic' else _('Recurring')}: {p.name}, "
                f"{p.count} · {', '.join(p.spread)}"
                for p in found
            ]
            or [_("None found in the period.")],
        )
    )
    sat = total.get("satisfaction")
    sections.append(
        section(
            _("Complainants' satisfaction (ISO 10002 8.3)"),
            tables=[
                {
                    "header": [_("Invited"), _("Answered"), *sat["means"].keys()],
                    "rows": [[sat["invited"], sat["answered"], *sat["means"].values()]],
                }
            ]
            if sat
            else [],
            paragraphs=[] if sat else [_("No survey results in the period.")],
        )
    )
    objectives = [
        actual(o, start, end)
        for o in Objective.objects.filter(valid_from__lte=last_day).order_by("title")
    ]
    sections.append(
        section(
            _("Objectives (ISO 10002 6.2)"),
            tables=[
                {
                    "header": [_("Objective"), _("Target (%)"), _("Met"), _("Of"), _("Actual (%)")],
                    "rows": [
                        [a.objective.title, a.objective.target_percent, a.met, a.total, a.percent]
                        for a in objectives
                    ],
                }
            ]
            if objectives
            else [],
            paragraphs=[] if objectives else [_("No objectives are set.")],
        )
    )
    sections += inputs or [
        section(
            _("Audits and the previous review"),
            paragraphs=[
                _(
                    "The audit results and what became of the previous review's decisions "
                    "are in the pack recorded with a management review (Assurance, "
                    "Management reviews). The table above sets this period beside the one "
                    "before it."
                )
            ],
        )
    ]
    recommendations = [
        _("Find and correct the root cause of “{name}” ({n} complaints).").format(
            name=p.name, n=p.count
        )
        for p in found
        if p.kind == "systemic"
    ]
    recommendations += [
        _("Act on the objective “{title}”: {actual} % against a target of {target} %.").format(
            title=a.objective.title, actual=a.percent, target=a.objective.target_percent
        )
        for a in objectives
        if a.on_target is False
    ]
    if any(p.rise for p in points):
        recommendations.append(_("Explain the months marked as a rise in the trend."))
    sections.append(
        section(
            _("Recommendations"),
            items=recommendations or [_("No change is suggested by the figures.")],
        )
    )
    return render(_("Management review pack"), period, sections, fmt=fmt)

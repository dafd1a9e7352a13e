"""The analysis over the API (django-ninja), mounted at /api/v1/insight/ with the API's
tokens and its JSON errors: the KPI table, the trend with its control limit, the problems,
and every report as a file. Each answer is cut to the caller's figures as on the pages:
`view` is mine (a handler's own), team (a manager's) or organisation (reports' readers)."""

from datetime import date
from typing import Literal

from django.http import HttpResponse, StreamingHttpResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

from upheld.api import errors
from upheld.api.auth import TokenAuth

from . import tables
from .access import facts_for
from .dimensions import DIMENSIONS
from .kpis import kpis
from .pack import management_review
from .reports import REPORTS, period
from .trends import problems, series

api = NinjaAPI(
    title="Upheld analysis API",
    version="1",
    urls_namespace="api-insight",
    auth=TokenAuth(),
    description="Monitoring and analysis (ISO 10002 8.2–8.6; DISP 1.10): the figures the "
    "dashboards show, cut to what the caller may read. Authenticate as for /api/v1/.",
)

View = Literal["mine", "team", "organisation"]
Dimension = Literal[tuple(DIMENSIONS)]  # type: ignore[valid-type]


class Period(Schema):
    start: date = Field(..., description="First day (the organisation's zone).")
    end: date = Field(..., description="Last day, included.")
    view: View = Field("organisation", description="mine, team or organisation.")


class Grouped(Period):
    by: Dimension | None = Field(None, description="A dimension to group by.")  # type: ignore[valid-type]


class KpiRow(Schema):
    key: str | int | None
    name: str
    figures: dict


class Point(Schema):
    period: str
    count: int
    baseline: float | None
    p_value: float | None
    rise: bool


class SeriesOut(Schema):
    key: str | int | None
    name: str
    points: list[Point]


class ProblemOut(Schema):
    kind: str
    dimension: str
    name: str
    count: int
    spread: list[str]
    references: list[str]


def _scope(request, q: Period):
    if q.end < q.start:
        raise HttpError(422, "end: the last day is before the first (start).")
    facts = facts_for(request.user, q.view)
    if facts is None:
        raise HttpError(403, f"Your role does not show the '{q.view}' figures.")
    return facts, period(q.start, q.end)


def _json_safe(value):
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


@api.get("/kpis", response=list[KpiRow], url_name="insight_kpis", operation_id="insight_kpis")
def kpi_rows(request, q: Query[Grouped]):
    """ISO 10002 8.4: one row per group with its figures, then the total."""
    facts, (start, end) = _scope(request, q)
    return [
        {"key": r.key, "name": r.name, "figures": _json_safe(r.figures)}
        for r in kpis(start, end, q.by, facts)
    ]


class TrendQuery(Grouped):
    grain: Literal["week", "month"] = "month"


@api.get(
    "/trends", response=list[SeriesOut], url_name="insight_trends", operation_id="insight_trends"
)
def trend_series(request, q: Query[TrendQuery]):
    """Received per week or month, each period against its Poisson control limit."""
    facts, (start, end) = _scope(request, q)
    return [
        {
            "key": s.key,
            "name": s.name,
            "points": [
                {
                    "period": p.period.date().isoformat(),
                    "count": p.count,
                    "baseline": p.baseline,
                    "p_value": p.p_value,
                    "rise": p.rise,
                }
                for p in s.points
            ],
        }
        for s in series(start, end, q.grain, q.by, facts)
    ]


@api.get(
    "/problems",
    response=list[ProblemOut],
    url_name="insight_problems",
    operation_id="insight_problems",
)
def problem_list(request, q: Query[Period]):
    """Recurring and systemic problems, each with its complaints' references."""
    facts, (start, end) = _scope(request, q)
    return [
        {
            "kind": p.kind,
            "dimension": p.dimension,
            "name": p.name,
            "count": p.count,
            "spread": p.spread,
            "references": p.references,
        }
        for p in problems(start, end, facts=facts)
    ]


Report = Literal[(*REPORTS, "management-review")]  # type: ignore[valid-type]
Format = Literal[tables.FORMATS]  # type: ignore[valid-type]


@api.get(
    "/reports/{name}.{fmt}",
    response={200: None},
    url_name="insight_report",
    operation_id="insight_report",
)
def report(request, name: Report, fmt: Format, q: Query[Grouped]):  # type: ignore[valid-type]
    """A report as a file: kpis, trends, complaints (streamed), fca-return, disp-summary
    in csv, xlsx, json or pdf; management-review in pdf."""
    facts, (start, end) = _scope(request, q)
    if name == "management-review":
        if fmt != "pdf":
            raise HttpError(422, "fmt: the management-review pack is a PDF (pdf).")
        return HttpResponse(management_review(start, end, facts), content_type="application/pdf")
    table = REPORTS[name](start, end, q.by, facts)
    if fmt == "xlsx":
        import io

        buf = io.BytesIO()
        tables.write_xlsx(buf, table.header, table.rows, table.title)
        return HttpResponse(buf.getvalue(), content_type=tables.CONTENT_TYPES[fmt])
    if fmt == "pdf":
        data = tables.pdf(table, f"{q.start} – {q.end}")
        return HttpResponse(data, content_type=tables.CONTENT_TYPES[fmt])
    chunks = (tables.csv_chunks if fmt == "csv" else tables.json_chunks)(table.header, table.rows)
    return StreamingHttpResponse(chunks, content_type=tables.CONTENT_TYPES[fmt])


errors.install(api)

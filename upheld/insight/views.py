"""The dashboards (ISO 10002 8.4, 8.6): a handler's own figures, a manager's team's, top
management's whole picture, at /insight/VIEW/. Each chart is server-drawn SVG beside its
data table and a CSV of it; the filters are a plain GET form; no JavaScript. The reports
download from here with the page's filters, cut to the same complaints."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from upheld.desk.queues.access import desk_page
from upheld.desk.queues.links import complaint_url

from . import svg, tables
from .access import facts_for, views_for
from .fca import FCA_REGIMES, return_due
from .forms import Filters
from .kpis import kpis, scope
from .pack import management_review
from .reports import REPORTS, period
from .trends import problems, series

TITLES = {
    "mine": gettext_noop("My figures"),
    "team": gettext_noop("My team's figures"),
    "organisation": gettext_noop("The organisation's figures"),
}


@desk_page
def home(request):
    views = views_for(request.user)
    if not views:
        return render(request, "insight/no_reports.html", status=403)
    return redirect("insight:dashboard", views[-1])


def _facts_or_404(request, view):
    facts = facts_for(request.user, view)
    if facts is None:
        raise Http404(view)
    return facts


@desk_page
def dashboard(request, view: str):
    facts = _facts_or_404(request, view)
    filters = Filters(request.GET)
    chosen = filters.values()
    start, end = period(chosen["start"], chosen["end"])
    by = chosen["by"]
    rows = kpis(start, end, by, facts, detail=False)
    total = rows[-1].figures
    trend = series(start, end, chosen["grain"], None, facts)
    points = trend[0].points if trend else []
    found = problems(start, end, facts=facts, limit=20)
    for p in found:
        p.links = [(ref, complaint_url(ref)) for ref in p.references[:20]]
    query = urlencode({k: v for k, v in chosen.items() if v is not None})
    due = return_due(timezone.localdate()) if view != "mine" else None
    if due and not scope(facts).filter(regime__in=FCA_REGIMES).exists():
        due = None
    groups = rows[:-1] if by else []
    return render(
        request,
        "insight/dashboard.html",
        {
            "view": view,
            "title": _(TITLES[view]),
            "views": [(v, _(TITLES[v])) for v in views_for(request.user)],
            "filters": filters,
            "chosen": chosen,
            "total": total,
            "rows": rows,
            "groups": groups,
            "points": points,
            "trend_chart": svg.series(
                "trend",
                _("Complaints received per %(grain)s") % {"grain": _(chosen["grain"])},
                _(
                    "Bars: complaints received; dashed line: the rolling baseline; red: a rise "
                    "above the control limit."
                ),
                points,
            ),
            "group_chart": svg.bars(
                "groups",
                _("Complaints received by group"),
                _("One bar per group, in the order of the table below."),
                [(r.name, r.figures["received"]) for r in groups],
            )
            if groups
            else "",
            "problems": found,
            "query": query,
            "fca_due": due,
            "reports": [r for r in REPORTS if r != "management-review"],
        },
    )


@desk_page
def download(request, view: str, name: str, fmt: str):
    facts = _facts_or_404(request, view)
    chosen = Filters(request.GET).values()
    if name == "management-review" and fmt == "pdf":
        pack = management_review(*period(chosen["start"], chosen["end"]), facts)
        response = HttpResponse(pack, content_type=tables.CONTENT_TYPES["pdf"])
        response["Content-Disposition"] = (
            f'attachment; filename="management-review-{chosen["start"]}-{chosen["end"]}.pdf"'
        )
        return response
    if name not in REPORTS or fmt not in tables.FORMATS:
        raise Http404(name)
    table = REPORTS[name](*period(chosen["start"], chosen["end"]), chosen["by"], facts)
    filename = f"{name}-{chosen['start']}-{chosen['end']}.{fmt}"
    if fmt == "xlsx":
        import io

        buf = io.BytesIO()
        tables.write_xlsx(buf, table.header, table.rows, table.title)
        response = HttpResponse(buf.getvalue(), content_type=tables.CONTENT_TYPES[fmt])
    elif fmt == "pdf":
        pdf = tables.pdf(table, f"{chosen['start']} – {chosen['end']}")
        response = HttpResponse(pdf, content_type=tables.CONTENT_TYPES[fmt])
    else:
        chunks = (tables.csv_chunks if fmt == "csv" else tables.json_chunks)(
            table.header, table.rows
        )
        response = StreamingHttpResponse(chunks, content_type=tables.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

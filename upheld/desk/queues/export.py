"""A queue as CSV (ISO 10002 8.1 records; issue 9 point 3), streamed a keyset page at a time
so a queue of any size is exported in flat memory. A cell that a spreadsheet would run as
a formula (beginning with = + - @, a tab or a carriage return) is written with a leading
apostrophe: the file is data, never code (OWASP CSV injection)."""

import csv

from django.http import Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from upheld.complaints import categories

from . import listing
from .access import desk_page
from .definitions import QUEUES
from .filters import QueueFilters

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS) else text


class _Echo:
    def write(self, value):
        return value


def columns() -> list[str]:
    return [
        _("Reference"),
        _("Received"),
        _("Channel"),
        _("Complainant"),
        _("State"),
        _("Priority"),
        _("Next due"),
        _("Assigned to"),
        _("Team"),
        _("Category"),
        _("Product or service"),
        _("Regime"),
        _("Closed"),
    ]


def _row(c, team_names, category_names) -> list[str]:
    return [
        c.reference,
        c.received_at.isoformat(),
        c.get_channel_display(),
        str(c.complainant),
        c.get_status_display(),
        c.get_priority_display() if c.priority else "",
        c.next_due_at.isoformat() if c.next_due_at else "",
        c.assignee.get_username() if c.assignee_id else "",
        team_names.get(c.team_id, ""),
        category_names.get(c.category_id, ""),
        c.product,
        c.get_regime_display(),
        c.closed_at.isoformat() if c.closed_at else "",
    ]


@desk_page
def export(request, name: str):
    if name not in QUEUES:
        raise Http404(name)
    from upheld.organisation.teams import teams

    filters = QueueFilters(request.GET)
    filters.is_valid()
    user = request.user
    writer = csv.writer(_Echo())
    names, category_names = teams().names, categories.tree().labels

    def lines():
        yield writer.writerow([neutralise(v) for v in columns()])
        for row in listing.every_row(user, name, filters):
            yield writer.writerow([neutralise(v) for v in _row(row, names, category_names)])

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response

"""The time limits at risk and breached (ISO 10002 4.4, 7.3; capability 17): GET
/clocks/breached and /clocks/at-risk, soonest due first, a keyset page at a time."""

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Response

from upheld.complaints import selectors
from upheld.complaints.models import Priority, Status

from . import present
from .errors import ERRORS
from .listing import QueryFilters, decode, encode
from .schemas import ClockOut

router = Router(tags=["time limits"])
MAX_LIMIT = 100


class DueFilters(QueryFilters):
    cursor: str | None = Field(None, description="The `next` value of the previous page.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


class DueClock(Schema):
    reference: str
    status: Status
    assignee: str | None
    priority: Priority | None
    clock: ClockOut


class DuePage(Schema):
    items: list[DueClock]
    next: str | None = Field(..., description="Cursor of the next page; null on the last.")


# The columns a page shows: not the complaint's description and the rest of its row, which
# made most of the statement's time and of building its objects at a million complaints.
SHOWN = (*present.CLOCK, "complaint__reference", "complaint__status", "complaint__priority")
SHOWN += ("complaint__assignee__username",)


def _page(request, filters: DueFilters, *, breached: bool) -> Response:
    """A page, answered as it is built: its rows come from typed columns, and ninja's own
    check of a response wraps each of its hundred objects (more than half the page's time
    at a million complaints). The contract is held by the OpenAPI tests and the fuzz test,
    which checks every response against the schema."""
    DueFilters.refuse_unknown(request)
    now = timezone.now()
    after = decode(filters.cursor) if filters.cursor else None
    due = selectors.clocks_due(request.user, now=now, breached=breached, after=after)
    rows = list(due.only(*SHOWN)[: filters.limit + 1])
    page = rows[: filters.limit]
    body = {
        "items": [
            {
                "reference": k.complaint.reference,
                "status": k.complaint.status,
                "assignee": k.complaint.assignee.get_username() if k.complaint.assignee else None,
                "priority": k.complaint.priority,
                "clock": present.clock(k, now),
            }
            for k in page
        ],
        "next": encode(page[-1].due_at, page[-1].pk) if len(rows) > filters.limit else None,
    }
    return Response(body)


@router.get(
    "/clocks/breached",
    response={200: DuePage, **ERRORS},
    operation_id="list_breached_clocks",
    summary="Time limits breached",
)
def breached(request, filters: Query[DueFilters]):
    """Every running time limit of the complaints the caller may read that has passed its
    due instant, the longest overdue first. One query per page."""
    return _page(request, filters, breached=True)


@router.get(
    "/clocks/at-risk",
    response={200: DuePage, **ERRORS},
    operation_id="list_at_risk_clocks",
    summary="Time limits at risk",
)
def at_risk(request, filters: Query[DueFilters]):
    """Every running time limit within its lead time (its first reminder has come) and not
    yet due, the soonest due first. One query per page."""
    return _page(request, filters, breached=False)

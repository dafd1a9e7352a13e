"""A queue's rows for a viewer: the one visibility rule (complaints/visibility.py), the
queue's definition, the filters, and a keyset page — what the page, the export and the
bulk actions all read, so none of them shows what the viewer may not open.

The clock queues (due soon, breached) read the running time limits through
`selectors.clocks_due`, the API's own selector; each row is then the limit's complaint,
carrying the limit (`row.clock`)."""

from django.conf import settings
from django.utils import timezone

from upheld.complaints import selectors
from upheld.complaints.visibility import prefixed, visible_complaints

from . import paging
from .definitions import QUEUES, Queue
from .filters import QueueFilters

PAGE_SIZE = 25
# A row's category is named from the categories kept per process (complaints/categories.py),
# not joined three times over.
ROW_RELATIONS = ("complainant", "assignee")


def queue_rows(viewer, queue: Queue, filters: QueueFilters, now=None):
    """The queue's complaints the viewer may read, filtered, unordered (paging orders).
    For a clock queue: its running time limits, soonest due first."""
    now = now or timezone.now()
    where = queue.where(viewer, now) & filters.where()
    if queue.order == "clock":
        return (
            selectors.clocks_due(viewer, now=now, breached=queue.breached)
            .filter(prefixed(where, "complaint"))
            .select_related(*(f"complaint__{r}" for r in ROW_RELATIONS))
        )
    return visible_complaints(viewer).filter(where).select_related(*ROW_RELATIONS)


def queue_page(
    viewer, name: str, filters: QueueFilters, after: paging.Cursor | None, size: int = PAGE_SIZE
) -> paging.Page:
    queue = QUEUES[name]
    return paging.page(queue_rows(viewer, queue, filters), queue.order, after, size)


def every_row(viewer, name: str, filters: QueueFilters, chunk: int = 500):
    """All the queue's rows, a keyset page of `chunk` at a time (the CSV export streams
    these: memory stays flat whatever the size of the queue)."""
    after = None
    while True:
        page = queue_page(viewer, name, filters, after, chunk)
        yield from page.rows
        if page.next is None:
            return
        after = page.next


def home_cap() -> int:
    """The home page counts each queue up to this many ("99+" beyond): a count reads every
    row it counts, and at a million complaints a handler's team has tens of thousands due;
    a badge that says "more than 99" says what a person can act on."""
    return int(getattr(settings, "UPHELD_DESK_HOME_CAP", 99))


def capped_count(qs, cap: int) -> int:
    """How many rows, counting no further than `cap` + 1 (a home page's number must not
    count a whole table at a million rows)."""
    return qs.order_by()[: cap + 1].count()

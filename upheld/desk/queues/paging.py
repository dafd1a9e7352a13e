"""Keyset pagination of a queue: a page is found from where the last one ended, by an index
range, never by OFFSET and never with a COUNT of the whole queue — so each page costs the
same few statements at row one and at row 900,000 ("more" links instead of page numbers).

Order "due" (ISO 10002 7.3: what is due soonest first): next_due_at, then priority (most
urgent first, unassessed last), then id. A complaint with no running clock (no due
instant) comes after all that have one. The dated part is read from the (…, next_due_at,
priority) indexes; when it ends on a page, the undated part fills the page from a second
statement (so a page is one statement, or two where the parts meet).

Order "closed": closed_at newest first, then id.

Order "clock": time limits (clocks) by due instant, then the clock's id — the order and
the index of the selector they come from (selectors.clocks_due); a row is the clock's
complaint with the clock on it (`row.clock`).

The cursor is the sort key of the last row shown, as text in the "after" parameter."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.utils.dateparse import parse_datetime


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Cursor:
    part: str  # "d": dated, "u": undated (order "due"); "c": order "closed"; "k": "clock"
    at: datetime | None
    priority: int | None
    pk: int

    def encode(self) -> str:
        at = self.at.isoformat() if self.at else ""
        priority = "" if self.priority is None else str(self.priority)
        return f"{self.part}~{at}~{priority}~{self.pk}"

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            part, at_text, priority, pk = text.split("~")
            at = parse_datetime(at_text) if at_text else None
            cursor = cls(part, at, int(priority) if priority else None, int(pk))
        except ValueError as error:
            raise BadCursor(text) from error
        if part not in ("d", "u", "c", "k") or (part in ("d", "c", "k")) != (at is not None):
            raise BadCursor(text)
        if at is not None and at.tzinfo is None:
            raise BadCursor(text)
        return cursor

    def fits(self, order: str) -> bool:
        """Whether this cursor is one a queue of this order makes."""
        return self.part in {"due": ("d", "u"), "closed": ("c",), "clock": ("k",)}[order]


DUE_ORDER = (F("next_due_at").asc(), F("priority").asc(nulls_last=True), F("pk").asc())
UNDATED_ORDER = (F("priority").asc(nulls_last=True), F("pk").asc())
CLOSED_ORDER = (F("closed_at").desc(), F("pk").desc())


def _after_priority(priority: int | None, pk: int) -> Q:
    """Rows after (priority, pk) in the order priority ascending, nulls last, then pk."""
    if priority is None:
        return Q(priority__isnull=True, pk__gt=pk)
    return Q(priority__gt=priority) | Q(priority__isnull=True) | Q(priority=priority, pk__gt=pk)


@dataclass
class Page:
    rows: list
    next: Cursor | None  # where the next page starts; None at the end


def page(qs: QuerySet, order: str, after: Cursor | None, size: int) -> Page:
    """One page of `qs` (already filtered to the queue) and where the next one starts."""
    if order == "closed":
        qs = qs.filter(closed_at__isnull=False)
        if after is not None:
            qs = qs.filter(closed_at__lte=after.at).filter(
                Q(closed_at__lt=after.at) | Q(closed_at=after.at, pk__lt=after.pk)
            )
        rows = list(qs.order_by(*CLOSED_ORDER)[: size + 1])
        return _page(rows, size, lambda r: Cursor("c", r.closed_at, None, r.pk))

    if order == "clock":
        if after is not None:
            qs = qs.filter(due_at__gte=after.at).filter(
                TupleGreaterThan(Tuple(F("due_at"), F("pk")), (after.at, after.pk))
            )
        clocks = list(qs.order_by("due_at", "pk")[: size + 1])
        more = len(clocks) > size
        rows = []
        for clock in clocks[:size]:
            row = clock.complaint
            row.clock = clock
            rows.append(row)
        last = clocks[size - 1] if more else None
        return Page(rows, Cursor("k", last.due_at, None, last.pk) if last else None)

    rows = []
    if after is None or after.part == "d":
        dated = qs.filter(next_due_at__isnull=False)
        if after is not None:
            # The range condition first: the index is read from the cursor on.
            dated = dated.filter(next_due_at__gte=after.at).filter(
                Q(next_due_at__gt=after.at)
                | Q(next_due_at=after.at) & _after_priority(after.priority, after.pk)
            )
        rows = list(dated.order_by(*DUE_ORDER)[: size + 1])
    if len(rows) <= size:
        undated = qs.filter(next_due_at__isnull=True)
        if after is not None and after.part == "u":
            undated = undated.filter(_after_priority(after.priority, after.pk))
        rows += list(undated.order_by(*UNDATED_ORDER)[: size + 1 - len(rows)])
    return _page(rows, size, _due_cursor)


def _due_cursor(row) -> Cursor:
    if row.next_due_at is None:
        return Cursor("u", None, row.priority, row.pk)
    return Cursor("d", row.next_due_at, row.priority, row.pk)


def _page(rows: list, size: int, cursor_of) -> Page:
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, cursor_of(rows[-1]) if more and rows else None)

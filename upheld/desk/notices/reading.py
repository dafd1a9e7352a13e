"""A person's notices as the desk shows them: only their own, and only those about
complaints they may still open (the one visibility rule: a complaint given to another team
since is not listed) — so the desk never links to what answers 404."""

from django.db.models import Q

from upheld.complaints.visibility import rule_through
from upheld.notify.models import Notice

PAGE_SIZE = 50


def notices_of(user):
    where = rule_through(user, "complaint")
    mine = Notice.objects.filter(recipient=user)
    if where is None:
        return mine.filter(complaint__isnull=True)
    return mine.filter(Q(complaint__isnull=True) | where)


def unread_count(user, cap: int = 99) -> int:
    """How many unread, counting no further than `cap` + 1 ("99+")."""
    return notices_of(user).filter(read_at__isnull=True).order_by()[: cap + 1].count()


def page(user, before: int | None, size: int = PAGE_SIZE) -> tuple[list, int | None]:
    """Newest first, a keyset page of `size` (one statement), and the id to go on from."""
    qs = notices_of(user).select_related("complaint")
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: size + 1])
    for row in rows:
        row.recipient = user  # known: no statement per row
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more else None)

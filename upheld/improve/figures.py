"""The rate of complaints with a cause in a span of days, from the monitoring's facts
(upheld.insight; ISO 10002 8.4): complaints received with the cause (an older term of the
taxonomy counted under its latest successor, as the trends count it) over all complaints
received, days in the organisation's zone. And the one-sided test the effectiveness check
asks: could a share this much lower after than before have come by chance?"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from upheld.core import localtime
from upheld.insight.dimensions import DIMENSIONS, expression
from upheld.insight.models import Fact
from upheld.taxonomy.selectors import latest, successor_map


@dataclass(frozen=True)
class Rate:
    start: date
    end: date  # exclusive
    count: int
    total: int

    @property
    def rate(self) -> float | None:
        return round(self.count / self.total, 6) if self.total else None


def _instant(day: date) -> datetime:
    return datetime.combine(
        day, time.min, tzinfo=localtime.zone() or timezone.get_default_timezone()
    )


def cause_rate(cause_id: int, start: date, end: date) -> Rate:
    """Complaints received in [start, end) with the cause, and all received. One query."""
    target = latest(cause_id, successor_map())
    qs = Fact.objects.filter(received_at__gte=_instant(start), received_at__lt=_instant(end))
    row = qs.annotate(g=expression(DIMENSIONS["cause"])).aggregate(
        total=Count("pk"), count=Count("pk", filter=Q(g=target))
    )
    return Rate(start, end, row["count"] or 0, row["total"] or 0)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fewer_by_chance(before: Rate, after: Rate) -> float | None:
    """One-sided Fisher exact test: the probability, if the share with the cause had not
    changed, of seeing as few complaints with it after as were seen (hypergeometric lower
    tail). None when either period received nothing."""
    if not before.total or not after.total:
        return None
    n_all, with_cause, drawn = before.total + after.total, before.count + after.count, after.total
    low = max(0, drawn - (n_all - with_cause))
    denominator = _log_choose(n_all, drawn)
    p = sum(
        math.exp(
            _log_choose(with_cause, x) + _log_choose(n_all - with_cause, drawn - x) - denominator
        )
        for x in range(low, after.count + 1)
    )
    return min(1.0, p)

"""Objectives against what happened (ISO 10002 6.2, 8.4): of the clocks of an objective's
rule that stopped in a period, how many stopped by their due instant. Counted in the
database (one query), for monitoring to set beside the target."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q

from .models import Clock, Objective


@dataclass(frozen=True)
class Actual:
    objective: Objective
    met: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100) * self.met / self.total).quantize(Decimal("0.01"))

    @property
    def on_target(self) -> bool | None:
        percent = self.percent
        return None if percent is None else percent >= self.objective.target_percent


def actual(objective: Objective, start: datetime, end: datetime) -> Actual:
    """The clocks of the objective's rule (and regime, if it names one) stopped in
    [start, end) by a move of the complaint (not by a change of regime), met or not."""
    clocks = Clock.objects.filter(
        key=objective.clock_key, binding=True, stopped_at__gte=start, stopped_at__lt=end
    ).exclude(stopped_by="choose_regime")
    if objective.regime:
        clocks = clocks.filter(regime=objective.regime)
    counts = clocks.aggregate(
        total=Count("pk"), met=Count("pk", filter=Q(stopped_at__lte=F("due_at")))
    )
    return Actual(objective, counts["met"], counts["total"])

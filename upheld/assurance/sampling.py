"""The audit sample (ISO 10002 8.5; capability row 46): a random sample of the complaints
received in a period, stratified by channel, outcome and team so that each is represented
in proportion, drawn from a recorded seed so that anyone can draw the same sample again,
and independent: the auditor's own complaints — those they handled (made any move on, or
were assigned), decided or were involved in, and those of their own teams — are never in it.

Allocation is proportional with the largest remainders (ties to the larger stratum, then
to the stratum that sorts first); within a stratum the complaints are taken in id order and
drawn with Python's Mersenne Twister seeded by the seed and the stratum, so a stratum's
draw does not depend on the others'."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from upheld.complaints.models import Complaint, Decision, Event
from upheld.core.localtime import zone


@dataclass(frozen=True)
class Drawn:
    reference: str
    channel: str
    outcome: str
    team: str


def _instant(day: date, end: bool = False) -> datetime:
    local = zone() or timezone.get_default_timezone()
    return datetime.combine(day, time.max if end else time.min, tzinfo=local)


def population(start: date, end: date, auditor=None):
    """The complaints received from `start` to `end` (days, inclusive, in the
    organisation's zone) that `auditor` may audit, as (reference, channel, outcome, team)
    rows in id order."""
    latest = Decision.objects.filter(complaint=OuterRef("pk")).order_by("-level", "-decided_at")
    qs = Complaint.objects.filter(
        received_at__gte=_instant(start), received_at__lte=_instant(end, end=True)
    ).annotate(outcome=Subquery(latest.values("outcome")[:1]))
    if auditor is not None:
        qs = qs.exclude(own(auditor))
    return qs.order_by("pk").values_list("reference", "channel", "outcome", "team__name")


def own(auditor) -> Q:
    """The complaints an auditor may not audit (ISO 10002 4.5, 8.5: independence)."""
    acted = Event.objects.filter(complaint=OuterRef("pk"), actor=auditor)
    decided = Decision.objects.filter(complaint=OuterRef("pk"), decided_by=auditor)
    return (
        Q(assignee=auditor)
        | Q(involved_users=auditor)
        | Q(team__in=auditor.teams.all())
        | Exists(acted)
        | Exists(decided)
    )


def allocate(sizes: dict[tuple, int], n: int) -> dict[tuple, int]:
    """How many of `n` to draw from each stratum, in proportion to its size."""
    total = sum(sizes.values())
    n = min(n, total)
    if n == 0:
        return {key: 0 for key in sizes}
    exact = {key: size * n / total for key, size in sizes.items()}
    given = {key: int(share) for key, share in exact.items()}
    order = sorted(sizes, key=lambda k: (-(exact[k] - given[k]), -sizes[k], k))
    for key in order[: n - sum(given.values())]:
        given[key] += 1
    return given


def draw(start: date, end: date, size: int, seed: int, auditor=None) -> list[Drawn]:
    strata: dict[tuple, list] = {}
    for reference, channel, outcome, team in population(start, end, auditor).iterator():
        key = (channel, outcome or "none", team or "")
        strata.setdefault(key, []).append(Drawn(reference, *key))
    counts = allocate({key: len(rows) for key, rows in strata.items()}, size)
    sample: list[Drawn] = []
    for key in sorted(strata):
        rng = random.Random(f"{seed}:{'|'.join(key)}")
        sample.extend(rng.sample(strata[key], counts[key]))
    return sample

"""The regime profiles in force, as plain values read once per process (core/lookups.py:
dropped on every server when the complaints manager edits a rule)."""

from dataclasses import dataclass, field

from upheld.core import lookups

from .models import ClockRule, Profile
from .regimes import Regime

# Moves with a fixed effect on clocks, whatever the profile (the table beside the state
# table, complaints/lifecycle/_machine.py): asking the complainant pauses the clocks that
# pause, their answer resumes them, choosing a regime swaps the clocks, and a move that ends
# the complaint (close, withdraw, merge, triage as other feedback) stops every clock.
PAUSE, RESUME, CHOOSE = "await_complainant", "resume", "choose_regime"
RECEIVE, REOPEN = "receive", "reopen"


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    source: str
    regime: str
    starts_on: frozenset[str]
    stops_on: frozenset[str]
    condition: str
    anchor: str
    unit: str
    amount: int
    by_priority: dict[int, int] = field(default_factory=dict, hash=False)
    pauses: bool = False
    points: tuple = ()
    binding: bool = True
    promised: bool = False

    def amount_for(self, priority: int | None) -> int:
        if priority is not None and priority in self.by_priority:
            return self.by_priority[priority]
        return self.amount


def _rule(row: ClockRule) -> Rule:
    return Rule(
        key=row.key,
        title=row.title,
        source=row.source,
        regime=row.profile.regime,
        starts_on=row.moves("starts_on"),
        stops_on=row.moves("stops_on"),
        condition=row.condition,
        anchor=row.anchor,
        unit=row.unit,
        amount=row.amount,
        by_priority={int(k): int(v) for k, v in (row.by_priority or {}).items()},
        pauses=row.pauses,
        points=tuple(dict(p) for p in row.points or ()),
        binding=row.binding,
        promised=row.promised,
    )


@dataclass(frozen=True)
class Profiles:
    by_regime: dict[str, tuple[Rule, ...]]
    at_receipt: str

    def rules(self, regime: str) -> tuple[Rule, ...]:
        return self.by_regime.get(regime, ())

    def moves_that_matter(self, regime: str) -> frozenset[str]:
        """The moves that may start, stop, pause or resume a clock under the regime."""
        moves = {PAUSE, RESUME, CHOOSE}
        for r in self.rules(regime):
            moves |= r.starts_on | {m.partition(":")[0] for m in r.stops_on}
        return frozenset(moves)


def _load() -> Profiles:
    by_regime: dict[str, list[Rule]] = {}
    at_receipt = Regime.ISO.value
    profiles = list(Profile.objects.prefetch_related("rules"))
    if not profiles:  # never written (a database emptied by hand): the defaults apply
        return _defaults()
    for profile in profiles:
        by_regime[profile.regime] = [_rule(r) for r in profile.rules.all()]
        if profile.applies_at_receipt:
            at_receipt = profile.regime
    return Profiles({k: tuple(v) for k, v in by_regime.items()}, at_receipt)


def current() -> Profiles:
    return lookups.cached("deadline-profiles", _load)


lookups.watch(Profile, ClockRule)


def _defaults() -> Profiles:
    """The seeded profiles (seed.py), as rules, without reading the database."""
    from . import seed

    by_regime, at_receipt = {}, Regime.ISO.value
    for regime, spec in seed.PROFILES.items():
        profile = Profile(regime=regime.value)
        rows = [ClockRule(profile=profile, **rule) for rule in spec["rules"]]
        by_regime[regime.value] = tuple(_rule(row) for row in rows)
        if spec.get("applies_at_receipt"):
            at_receipt = regime.value
    return Profiles(by_regime, at_receipt)

"""Replaying a trail (ISO 10002 4.9, 8.1): does the complaint row say what its events say?

The chain proves the events were not changed; the complaint row is written beside them by
the same moves, so someone who edits the row alone (`UPDATE … SET status='closed'`) leaves
it disagreeing with its own trail. `replay` walks a complaint's events in order, applying
for each kind the rule of what its move recorded, and returns the first field of the row
that differs, naming it.

Only what the events determine is checked: a kind without a rule (a new kind, the
deadlines' clock events) is skipped, a field no event has spoken of is not checked, and an
imported complaint's milestones come from its source, so they are not checked until a
move sets them. A milestone is a moment: it must lie within TOLERANCE of its event."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

TOLERANCE = timedelta(seconds=5)
MILESTONES = (
    "acknowledged_at",
    "assessed_at",
    "investigation_started_at",
    "decided_at",
    "decision_communicated_at",
    "answered_at",
    "closed_at",
)
# The row's fields a replay can speak of, in the order they are compared.
FIELDS = (
    "status",
    *MILESTONES,
    "priority",
    "category_id",
    "escalation_level",
    "closure_reason",
    "complainant_answer",
    "reopened_count",
)


@dataclass(frozen=True)
class Moment:
    """A milestone's expected time: its event's, within TOLERANCE."""

    at: datetime

    def matches(self, value) -> bool:
        return value is not None and abs(value - self.at) <= TOLERANCE

    def __str__(self) -> str:
        return f"about {self.at.isoformat()}"


@dataclass(frozen=True)
class Difference:
    field: str
    stored: object
    expected: object
    seq: int  # the event that last determined the field

    def __str__(self) -> str:
        return (
            f"the complaint's {self.field} is {self.stored!r}, but its trail says "
            f"{self.expected if isinstance(self.expected, Moment) else repr(self.expected)} "
            f"(event #{self.seq}): the complaint row was changed outside the lifecycle"
        )


class Replay:
    """What the events said so far: field → (expected value, the event's seq)."""

    def __init__(self) -> None:
        self.expected: dict[str, tuple[object, int]] = {}
        self.seq = 0

    def set(self, field: str, value) -> None:
        self.expected[field] = (value, self.seq)

    def moment(self, field: str, at: datetime) -> None:
        self.set(field, Moment(at))

    def get(self, field: str, default=None):
        return self.expected.get(field, (default,))[0]


def _received(r: Replay, at: datetime, data: dict) -> None:
    for name in MILESTONES:
        r.set(name, None)
    for name, value in (
        ("escalation_level", 0),
        ("closure_reason", ""),
        ("complainant_answer", ""),
        ("reopened_count", 0),
        ("priority", None),
    ):
        r.set(name, value)


def _triaged(r: Replay, at: datetime, data: dict) -> None:
    if data.get("is_complaint") is False:
        r.set("closure_reason", "not_a_complaint")
        r.moment("closed_at", at)


def _assessed(r: Replay, at: datetime, data: dict) -> None:
    if r.get("assessed_at", "unknown") is None:  # the first assessment (unknown: imported)
        r.moment("assessed_at", at)
    if "priority" in data:
        r.set("priority", data["priority"])


def _reassessed(r: Replay, at: datetime, data: dict) -> None:
    if "priority" in data:
        r.set("priority", data["priority"])


def _closing(reason: str | None) -> Callable[[Replay, datetime, dict], None]:
    def rule(r: Replay, at: datetime, data: dict) -> None:
        closure = reason or data.get("reason")
        if closure is not None:
            r.set("closure_reason", closure)
        r.moment("closed_at", at)

    return rule


def _decision_communicated(r: Replay, at: datetime, data: dict) -> None:
    r.moment("decision_communicated_at", at)
    r.set("complainant_answer", "")


def _answered(answer: str) -> Callable[[Replay, datetime, dict], None]:
    def rule(r: Replay, at: datetime, data: dict) -> None:
        r.moment("answered_at", at)
        r.set("complainant_answer", answer)

    return rule


def _escalated(r: Replay, at: datetime, data: dict) -> None:
    if "level" in data:
        r.set("escalation_level", data["level"])


def _reopened(r: Replay, at: datetime, data: dict) -> None:
    r.set("closed_at", None)
    r.set("closure_reason", "")
    r.set("complainant_answer", "")
    count = r.get("reopened_count")
    if count is not None:
        r.set("reopened_count", count + 1)


def _set_moment(field: str, *, first_only: bool = False):
    def rule(r: Replay, at: datetime, data: dict) -> None:
        if first_only and r.get(field, "unknown") is not None:
            return
        r.moment(field, at)

    return rule


RULES: dict[str, Callable[[Replay, datetime, dict], None]] = {
    "received": _received,
    "acknowledged": _set_moment("acknowledged_at"),
    "triaged": _triaged,
    "assessed": _assessed,
    "reassessed": _reassessed,
    "prioritised": _reassessed,  # the priority set by hand (lifecycle.prioritise)
    "investigation_started": _set_moment("investigation_started_at", first_only=True),
    "classified": lambda r, at, data: (
        r.set("category_id", data["category_id"]) if "category_id" in data else None
    ),
    "decided": _set_moment("decided_at"),
    "decision_communicated": _decision_communicated,
    "accepted": _answered("accepted"),
    "rejected": _answered("rejected"),
    "escalated": _escalated,
    "closed": _closing(None),
    "withdrawn": _closing("withdrawn"),
    "merged": _closing("merged"),
    "reopened": _reopened,
}


def replay(stored: dict, events: Iterable) -> Difference | None:
    """The first field of the complaint row (`stored`: field → value) that differs from
    what its events (ordered by seq, with .seq, .kind, .at, .data) say, or None."""
    r = Replay()
    for event in events:
        r.seq = event.seq
        data = event.data or {}
        rule = RULES.get(event.kind)
        if rule is not None:
            rule(r, event.at, data)
        if "to" in data and data["to"] is not None:
            r.set("status", data["to"])
    for field in FIELDS:
        if field not in r.expected or field not in stored:
            continue
        expected, seq = r.expected[field]
        value = stored[field]
        same = expected.matches(value) if isinstance(expected, Moment) else value == expected
        if not same:
            return Difference(field, value, expected, seq)
    return None

"""Clocks started, paused, resumed and stopped with the lifecycle's moves (ISO 10002 7.3;
capability 16): the only writer of Clock rows, called only by complaints/lifecycle. The
effect of each move comes from the rules (a rule's `starts_on` and `stops_on`) and from
the fixed table in profiles.py (pause, resume, choose a regime, end). A clock is never
reset: a move may stop it, pause it or extend it by a pause, never move its start or
shorten it; a reopened complaint keeps its stopped clocks and gains new ones.

The functions read the complaint row (locked by the lifecycle) and never write it: they
return its clocks, and `summarise` what follows for its two summaries, `next_due_at` (the
soonest due instant of its running clocks, for the queues) and `response_due_at` (what is
promised to the complainant), which the lifecycle sets (complaints/lifecycle/timing.py)."""

from collections.abc import Iterable
from datetime import datetime

from upheld.core.calendar import BusinessCalendar

from . import engine
from .models import Calendar, Calendars, Clock
from .profiles import CHOOSE, PAUSE, RECEIVE, REOPEN, RESUME, Profiles, Rule, current

SUMMARY_FIELDS = ("next_due_at", "response_due_at")
UPDATED_FIELDS = ["extension", "due_at", "paused_at", "stopped_at", "stopped_by"]
UPDATED_FIELDS += ["next_point", "next_point_at", "at_risk_at"]


def calendar_for(complaint) -> BusinessCalendar:
    """The calendar a complaint's new clocks count on: its team's, or the organisation's."""
    return Calendar.every().for_team(getattr(complaint, "team_id", None))[1]


def _calendar_of(clock: Clock) -> BusinessCalendar:
    """The calendar a clock counts on: the one it started on."""
    return Calendar.every().of_clock(clock.calendar_id)


# ---------------------------------------------------------------- one clock


def new_clock(
    rule: Rule,
    calendar: tuple[int | None, BusinessCalendar],
    *,
    start: datetime,
    move: str,
    priority,
    cycle: int,
    now: datetime | None = None,
) -> Clock:
    """A clock of `rule` counting from `start`. Points already past at `now` (a clock that
    counts from receipt, started late; an import) are not all acted on: only the latest of
    them is (one escalation, not every reminder and update that was due before it).
    `calendar`: (pk to record, calendar) from Calendars.for_team."""
    calendar_id, cal = calendar
    amount = rule.amount_for(priority)
    clock = Clock(
        key=rule.key,
        title=rule.title,
        regime=rule.regime,
        cycle=cycle,
        unit=rule.unit,
        amount=amount,
        pauses=rule.pauses,
        binding=rule.binding,
        promised=rule.promised,
        points=[dict(p) for p in rule.points],
        stops_on=",".join(sorted(rule.stops_on)),
        calendar_id=calendar_id,
        started_at=start,
        started_by=move,
    )
    instants = _schedule(clock, cal)
    if now is not None and clock.next_point_at is not None and clock.next_point_at <= now:
        clock.next_point = max(i for i, t in enumerate(instants) if t <= now)
        _schedule(clock, cal, instants)
    return clock


def _schedule(
    clock: Clock, cal: BusinessCalendar, instants: list[datetime] | None = None
) -> list[datetime]:
    """Set the clock's due instant and its next point from its start and extension; returns
    the points' instants (`instants`: already computed for the same start and extension)."""
    if instants is None:
        instants = engine.point_instants(
            cal, clock.unit, clock.started_at, clock.amount, clock.extension, clock.points
        )
    at_due = [t for t, p in zip(instants, clock.points, strict=True) if int(p["at"]) == 0]
    clock.due_at = (
        at_due[0]
        if at_due
        else engine.instant(cal, clock.unit, clock.started_at, clock.amount, clock.extension)
    )
    reminders = [t for t, p in zip(instants, clock.points, strict=True) if p["do"] == "remind"]
    clock.at_risk_at = reminders[0] if reminders else None
    running = clock.stopped_at is None and clock.paused_at is None
    left = instants[clock.next_point :]
    clock.next_point_at = left[0] if (running and left) else None
    return instants


def _pause(clock: Clock, at: datetime) -> None:
    clock.paused_at = at
    clock.next_point_at = None


def _resume(clock: Clock, cal: BusinessCalendar, at: datetime) -> None:
    assert clock.paused_at is not None
    clock.extension += engine.pause_extension(cal, clock.unit, clock.paused_at, at)
    clock.paused_at = None
    _schedule(clock, cal)


def _stop(clock: Clock, cal: BusinessCalendar, at: datetime, move: str) -> None:
    if clock.paused_at is not None:
        _resume(clock, cal, at)  # the pause counts up to the stop
    clock.stopped_at, clock.stopped_by = at, move
    clock.next_point_at = None


# ---------------------------------------------------------------- a complaint's clocks


def summarise(clocks: Iterable[Clock], response_due_at: datetime | None) -> tuple:
    """(next due, promised response) of a complaint from its open clocks: the soonest due
    instant of those running, and the due instant of the latest-started promised one
    (`response_due_at`, the promise so far, when none is open)."""
    clocks = list(clocks)
    running = [c for c in clocks if c.running and c.binding]
    next_due = min((c.due_at for c in running), default=None)
    promised = [c for c in clocks if c.promised and c.stopped_at is None]
    if promised:
        latest = max(promised, key=lambda c: (c.cycle, c.started_at, c.pk or 0))
        response_due_at = latest.due_at
    return next_due, response_due_at


def plan_at_receipt(
    received_at: datetime,
    *,
    team_id: int | None = None,
    now: datetime | None = None,
    profiles: Profiles | None = None,
    calendars: Calendars | None = None,
) -> tuple[str, list[Clock]]:
    """(regime, clocks) a complaint received at `received_at` starts with: the profile that
    applies at receipt, and its clocks on its team's calendar (not saved: the complaint has
    no id yet). `now`: when it is recorded, if later than its receipt (an import).
    `profiles`, `calendars`: as read once for a batch (an import)."""
    profiles = profiles or current()
    cal = (calendars or Calendar.every()).for_team(team_id)
    regime = profiles.at_receipt
    clocks = [
        new_clock(r, cal, start=received_at, move=RECEIVE, priority=None, cycle=0, now=now)
        for r in profiles.rules(regime)
        if RECEIVE in r.starts_on and not r.condition
    ]
    return regime, clocks


def after_move(
    complaint, move: str, at: datetime, *, ended: bool, facts: dict | None = None
) -> list[Clock] | None:
    """Apply a move's effect on the complaint's clocks. `ended`: the complaint is closed,
    withdrawn or merged now. `facts`: what the move reports for conditional clocks
    ({"mdr_30_day": True, "given": datetime}). Returns the complaint's open clocks now,
    or None when the move has no effect on them."""
    profiles = current()
    if move not in profiles.moves_that_matter(complaint.regime) and not ended:
        return None
    calendars = Calendar.every()
    open_clocks = list(Clock.objects.filter(complaint=complaint, stopped_at__isnull=True))
    if not open_clocks and ended:
        return []
    # A move stops the clocks that name it, or name it with the variant it reports
    # ("record_mdr_report:5_day" is stopped by the 5-day report only).
    stopping = {move, f"{move}:{(facts or {}).get('variant', '')}"}
    changed: list[Clock] = []
    for clock in open_clocks:
        stops = set(clock.stops_on.split(","))
        cal = calendars.of_clock(clock.calendar_id)
        if ended or stops & stopping or (move == CHOOSE and clock.regime != complaint.regime):
            _stop(clock, cal, at, move)
        elif move == PAUSE and clock.pauses and clock.paused_at is None:
            _pause(clock, at)
        elif move == RESUME and clock.paused_at is not None:
            _resume(clock, cal, at)
        else:
            continue
        changed.append(clock)
    started: list[Clock] = []
    if not ended:
        still = {c.key for c in open_clocks if c.stopped_at is None}
        for rule in profiles.rules(complaint.regime):
            start = _start_of(rule, complaint, move, at, facts or {})
            if start is not None and rule.key not in still:
                started.append(
                    new_clock(
                        rule,
                        calendars.for_team(complaint.team_id),
                        start=start,
                        move=move,
                        priority=complaint.priority,
                        cycle=complaint.reopened_count,
                        now=at,
                    )
                )
                still.add(rule.key)
    if changed:
        Clock.objects.bulk_update(changed, UPDATED_FIELDS)
    for clock in started:
        clock.complaint = complaint
    if started:
        Clock.objects.bulk_create(started)
    return [c for c in open_clocks if c.stopped_at is None] + started


def _start_of(rule: Rule, complaint, move: str, at: datetime, facts: dict) -> datetime | None:
    """When the rule's clock starts with this move (None: it does not)."""
    if move == CHOOSE:
        return _start_on_regime_change(rule, complaint, at)
    if move not in rule.starts_on:
        return None
    if rule.condition and not facts.get(rule.condition):
        return None
    if rule.anchor == "receipt":
        return complaint.received_at
    if rule.anchor == "given":
        given = facts.get("given")
        return given if given is not None else at
    return at


def _start_on_regime_change(rule: Rule, complaint, at: datetime) -> datetime | None:
    """A regime chosen mid-flight starts its clocks as if it had applied from the moves
    already made: a clock from receipt counts from receipt (the FCA's eight weeks run from
    receipt whoever chose the regime when); one the complaint has already met does not
    start (the acknowledgement sent, the assessment made); a conditional clock waits for
    its move."""
    if rule.condition:
        return None
    done = {
        "acknowledge": complaint.acknowledged_at,
        "assess": complaint.assessed_at,
        "decide": complaint.decided_at,
        "communicate_decision": complaint.decision_communicated_at,
        "accept": complaint.answered_at,
    }
    if any(done.get(m) is not None for m in rule.stops_on):
        return None
    if complaint.reopened_count == 0 and (RECEIVE in rule.starts_on or rule.anchor == "receipt"):
        return complaint.received_at
    if REOPEN in rule.starts_on and complaint.reopened_count > 0:
        return at
    if "assess" in rule.starts_on and complaint.assessed_at is not None:
        return complaint.assessed_at
    if "escalate" in rule.starts_on and complaint.status == "escalated":
        return at
    return None


# ---------------------------------------------------------------- points


def take_due_point(clock: Clock, now: datetime) -> tuple[int, str, datetime] | None:
    """The clock's point to act on now, if one is due: the latest of those passed (the
    others are skipped), and the clock moves on to the next (saved). None: nothing due."""
    if clock.stopped_at is not None or clock.paused_at is not None:
        if clock.next_point_at is not None:  # left from before: never acted on
            clock.next_point_at = None
            clock.save(update_fields=["next_point_at"])
        return None
    cal = _calendar_of(clock)
    instants = engine.point_instants(
        cal, clock.unit, clock.started_at, clock.amount, clock.extension, clock.points
    )
    due = [i for i, t in enumerate(instants) if i >= clock.next_point and t <= now]
    if not due:  # its instant moved (the calendar changed): schedule it again
        _schedule(clock, cal)
        clock.save(update_fields=["next_point_at", "at_risk_at", "due_at"])
        return None
    index = due[-1]
    clock.next_point = index + 1
    _schedule(clock, cal)
    clock.save(update_fields=["next_point", "next_point_at", "at_risk_at", "due_at"])
    return index, clock.points[index]["do"], instants[index]


def complaint_calendar(complaint) -> BusinessCalendar:
    """The calendar a complaint's work counts on (its tasks' due dates): the one its oldest
    running clock started on, else its team's, else the organisation's. One query."""
    found = list(
        Clock.objects.filter(complaint=complaint, stopped_at__isnull=True)
        .order_by("started_at", "pk")
        .values_list("calendar_id", flat=True)[:1]
    )
    return Calendar.every().of_clock(found[0]) if found else calendar_for(complaint)

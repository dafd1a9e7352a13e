"""A complaint's facts for analysis, computed from its record and its trail (ISO 10002 8.4).

Times come from events: the first acknowledgement, the first response sent to the
complainant (a message out, a holding response, a progress update or the decision
communicated), the first decision, and the closure in force. An imported complaint that
arrived closed (one `imported` event) has no known decision, response or closure time: its
times stay NULL and `times_unknown` is set, never the import's time. A CFPB record's
"Timely response?" is kept as what the source says (`source_timely`).

`compute(ids)` reads a chunk of complaints in a fixed number of queries."""

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Q

from upheld.complaints.models import (
    Category,
    Complaint,
    Decision,
    Event,
    EventKind,
    ExternalReferral,
    Remedy,
    RemedyState,
)
from upheld.complaints.models.complaint import TERMINAL
from upheld.complaints.models.decision import MONETARY
from upheld.deadlines.models import Calendar, Clock

from .models import ClockFact, Fact

K = EventKind
RESPONSES = {
    K.CORRESPONDENCE_OUT,
    K.HOLDING_RESPONSE_SENT,
    K.PROGRESS_UPDATE_SENT,
    K.DECISION_COMMUNICATED,
}
TIMED = {K.ACKNOWLEDGED, K.DECIDED, K.ESCALATED, K.REFERRED_EXTERNALLY, K.IMPORTED}
TIMED |= RESPONSES
FIELDS = [f.attname for f in Fact._meta.concrete_fields]
CLOCK_FIELDS = ["fact_id", "key", "regime", "stopped_at", "met"]


def _tops() -> dict[int, int]:
    """Each category's top (the product, in a Product › Issue › Sub-issue tree)."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    tops = {}
    for pk in parents:
        top, seen = pk, set()
        while parents.get(top) and top not in seen:
            seen.add(top)
            top = parents[top]
        tops[pk] = top
    return tops


def _timely(record: dict) -> bool | None:
    """The source's own word on timeliness, when it gives one (CFPB)."""
    if record.get("columns") != "cfpb":
        return None
    from upheld.intake.bulk.cfpb import source_fields

    value = source_fields(record).get("Timely response?", "")
    return {"Yes": True, "No": False}.get(value)


def _span(cal, start: datetime, end: datetime | None) -> tuple[float | None, int | None]:
    if end is None:
        return None, None
    hours = (end - start).total_seconds() / 3600
    return round(hours, 4), cal.count_business_days(cal.local_date(start), cal.local_date(end))


def _band(cal, received: datetime, closed: datetime | None) -> int | None:
    """DISP 1.5 and 1.6.2R: within three business days of the day of receipt, within eight
    weeks of receipt, or after (days in the calendar's zone)."""
    if closed is None:
        return None
    day, end = cal.local_date(received), cal.local_date(closed)
    if end <= cal.business_days_after(day, 3):
        return 1
    return 2 if closed <= received + timedelta(weeks=8) else 3


def compute(
    ids: list[int] | None = None, *, span: tuple[int, int] | None = None
) -> tuple[list[Fact], list[ClockFact]]:
    """The facts of the complaints `ids`, or of those whose id is in `span` (inclusive: a
    rebuild reads by range, far cheaper than long lists of ids)."""

    def where(path: str) -> dict:
        if span is not None:
            return {f"{path}__gte": span[0], f"{path}__lte": span[1]}
        return {f"{path}__in": ids}

    complaints = list(
        Complaint.objects.filter(**where("pk"))
        .order_by()
        .values_list(
            *"pk reference received_at channel regime team_id assignee_id category_id".split(),
            *"cause_id fca_product_id fca_cause_id status closed_at reopened_count".split(),
            "escalation_level",
            named=True,
        )
    )
    first: dict[int, dict] = defaultdict(dict)
    imported: dict[int, dict | None] = {}
    events = (
        Event.objects.filter(**where("complaint_id"))
        .filter(Q(kind__in=TIMED) | Q(seq=1))
        .order_by("complaint_id", "seq")
        .values_list("complaint_id", "seq", "kind", "at", "data")
    )
    side_of: dict[int, dict] = {}
    for cid, seq, kind, at, data in events:
        if seq == 1 and data.get("imported"):
            imported[cid] = {"resolved": kind == K.IMPORTED}
            kept = data.get("import", {})
            if "personal" in data and kept.get("columns") == "cfpb":  # the source's own word
                side_of[cid] = kept
        if kind in RESPONSES:
            first[cid].setdefault("response", at)
        first[cid].setdefault(kind, at)
    if side_of:
        from upheld.complaints.models import EventPersonal

        rows = EventPersonal.objects.filter(
            event__complaint_id__in=list(side_of), event__seq=1
        ).values_list("event__complaint_id", "data")
        for cid, personal in rows:
            imported[cid]["timely"] = _timely({**side_of[cid], **personal.get("import", {})})
    decisions: dict[int, str] = {}
    for cid, outcome in (
        Decision.objects.filter(**where("complaint_id"))
        .order_by("complaint_id", "decided_at", "pk")
        .values_list("complaint_id", "outcome")
    ):
        decisions[cid] = outcome  # the last one is in force
    money: dict[int, list] = defaultdict(list)
    for cid, amount, currency in Remedy.objects.filter(
        **where("decision__complaint_id"), kind__in=sorted(MONETARY), state=RemedyState.CARRIED_OUT
    ).values_list("decision__complaint_id", "amount", "currency"):
        money[cid].append((amount, currency))
    referred = set(
        ExternalReferral.objects.filter(**where("complaint_id")).values_list(
            "complaint_id", flat=True
        )
    )
    tops = _tops()
    calendars = Calendar.every()
    facts = []
    for c in complaints:
        cal = calendars.for_team(c.team_id)[1]
        got = first.get(c.pk, {})
        imp = imported.get(c.pk)
        unknown = bool(imp and imp["resolved"])
        ack = got.get(K.ACKNOWLEDGED)
        response = None if unknown else got.get("response")
        decided = None if unknown else got.get(K.DECIDED)
        closed = c.closed_at if c.status in TERMINAL and not unknown else None
        amounts = money.get(c.pk, [])
        known = [a for a, _ in amounts if a is not None]
        ack_h, ack_b = _span(cal, c.received_at, ack)
        resp_h, resp_b = _span(cal, c.received_at, response)
        dec_h, dec_b = _span(cal, c.received_at, decided)
        close_h, close_b = _span(cal, c.received_at, closed)
        facts.append(
            Fact(
                complaint_id=c.pk,
                reference=c.reference,
                received_at=c.received_at,
                channel=c.channel,
                regime=c.regime,
                team_id=c.team_id,
                assignee_id=c.assignee_id,
                product_id=tops.get(c.category_id) if c.category_id else None,
                category_id=c.category_id,
                cause_id=c.cause_id,
                fca_product_id=c.fca_product_id,
                fca_cause_id=c.fca_cause_id,
                status=c.status,
                is_open=c.status not in TERMINAL,
                imported=imp is not None,
                times_unknown=unknown,
                acknowledged_at=ack,
                first_response_at=response,
                decided_at=decided,
                closed_at=closed,
                ack_hours=ack_h,
                ack_bdays=ack_b,
                response_hours=resp_h,
                response_bdays=resp_b,
                decision_hours=dec_h,
                decision_bdays=dec_b,
                close_hours=close_h,
                close_bdays=close_b,
                close_band=_band(cal, c.received_at, closed),
                outcome=decisions.get(c.pk, ""),
                redress_amount=sum(known, Decimal(0)) if known else None,
                redress_currency=next((cur for _, cur in amounts if cur), ""),
                redress_count=len(amounts),
                redress_unknown=len(amounts) - len(known),
                reopened=c.reopened_count,
                escalated=c.escalation_level > 0 or K.ESCALATED in got,
                referred=c.pk in referred or K.REFERRED_EXTERNALLY in got,
                source_timely=(imp or {}).get("timely"),
            )
        )
    clocks = [
        ClockFact(fact_id=cid, key=key, regime=regime, stopped_at=stopped, met=stopped <= due)
        for cid, key, regime, stopped, due in Clock.objects.filter(
            **where("complaint_id"), binding=True, stopped_at__isnull=False
        )
        .exclude(stopped_by="choose_regime")
        .values_list("complaint_id", "key", "regime", "stopped_at", "due_at")
    ]
    return facts, clocks


def as_row(fact) -> tuple:
    return tuple(getattr(fact, f) for f in FIELDS)

"""Turn complaint records into the API's response bodies (no queries beyond the selectors')."""

from datetime import datetime

from django.utils import timezone

from upheld.complaints.events import data_of
from upheld.complaints.lifecycle import allowed_moves
from upheld.complaints.models import Complaint, Person
from upheld.notify.outbox import tracking_url

from .errors import action_name

PERSON = (
    "name",
    "organisation",
    "email",
    "phone",
    "postal_address",
    "preferred_language",
    "accessibility_needs",
)
RECORD = (
    "reference",
    "status",
    "channel",
    "received_at",
    "external_reference",
    "representative_authority",
    "product",
    "description",
    "occurred_on",
    "remedy_sought",
    "immediate_action",
    "people_involved",
    "priority",
    "severity",
    "safety_implication",
    "complexity",
    "impact",
    "immediate_action_needed",
    "escalation_level",
    "complainant_answer",
    "closure_reason",
    "acknowledged_at",
    "assessed_at",
    "investigation_started_at",
    "decided_at",
    "decision_communicated_at",
    "answered_at",
    "closed_at",
    "response_due_at",
    "regime",
    "next_due_at",
)


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def person(p: Person | None) -> dict | None:
    return None if p is None else {k: getattr(p, k) for k in PERSON}


def category(c) -> dict | None:
    return None if c is None else {"id": c.pk, "name": c.name, "path": str(c)}


def created(c: Complaint) -> dict:
    return {
        "reference": c.reference,
        "status": c.status,
        "received_at": c.received_at,
        "response_due_at": c.response_due_at,
        "secret": c.secret,
        "tracking_url": tracking_url(c.secret),
    }


# Choices stored empty ("") until they apply: the API says null, never a value outside them.
UNSET_AS_NULL = ("complainant_answer", "closure_reason")


def clock(k, now: datetime) -> dict:
    """A clock as the API shows it, with where it stands at `now`."""
    end = k.stopped_at or k.paused_at or now
    late = (end - k.due_at).total_seconds()
    if k.stopped_at is not None:
        state = "met" if late <= 0 else "missed"
    else:
        state = "paused" if k.paused_at is not None else "running"
    return {
        **{f: getattr(k, f) for f in CLOCK},
        "state": state,
        "seconds_left": int(-late) if late < 0 and k.stopped_at is None else None,
        "seconds_late": int(late) if late > 0 else None,
    }


CLOCK = ("key", "title", "regime", "cycle", "unit", "amount", "binding", "started_at", "due_at")
CLOCK += ("paused_at", "stopped_at", "stopped_by")


def detail(c: Complaint, *, with_trail: bool) -> dict:
    now = timezone.now()
    body = {k: getattr(c, k) for k in RECORD}
    body.update({k: body[k] or None for k in UNSET_AS_NULL})
    body.update(
        received_by=_username(c.received_by),
        complainant=person(c.complainant),
        representative=person(c.representative),
        category=category(c.category),
        assignee=_username(c.assignee),
        involved_users=[u.get_username() for u in c.involved_users.all()],
        merged_into=c.merged_into.reference if c.merged_into_id else None,
        decisions=[
            {
                "id": d.pk,
                "level": d.level,
                "outcome": d.outcome,
                "reasons": d.reasons,
                "decided_by": d.decided_by.get_username(),
                "decided_at": d.decided_at,
                "communicated_at": d.communicated_at,
                "remedies": [
                    {
                        "id": r.pk,
                        "kind": r.kind,
                        "description": r.description,
                        "amount": r.amount,
                        "currency": r.currency,
                        "state": r.state,
                        "state_note": r.state_note,
                    }
                    for r in d.remedies.all()
                ],
            }
            for d in c.decisions.all()
        ],
        clocks=[clock(k, now) for k in c.clocks.all()],
        tasks=[
            {
                "id": t.pk,
                "title": t.title,
                "owner": t.owner.get_username(),
                "due_on": t.due_on,
                "state": t.state,
                "created_at": t.created_at,
                "done_at": t.done_at,
                "outcome": t.outcome,
            }
            for t in c.tasks.all()
        ],
        allowed_moves=[action_name(m) for m in allowed_moves(c)],
        trail=[
            {
                "seq": e.seq,
                "kind": e.kind,
                "actor": e.actor_label,
                "at": e.at,
                "data": data_of(e),
                "public": e.public,
            }
            for e in c.events.all()
        ]
        if with_trail
        else None,
    )
    return body


def summary(c: Complaint) -> dict:
    return {
        "reference": c.reference,
        "status": c.status,
        "channel": c.channel,
        "received_at": c.received_at,
        "complainant": str(c.complainant),
        "product": c.product,
        "category": category(c.category),
        "assignee": _username(c.assignee),
        "priority": c.priority,
        "response_due_at": c.response_due_at,
        "regime": c.regime,
        "next_due_at": c.next_due_at,
    }

"""ISO 10002 7.2 receipt and 7.4 acknowledgement."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.core import rows
from upheld.deadlines.models import Clock
from upheld.notify import outbox
from upheld.notify.models import Message
from upheld.organisation.models import Organisation
from upheld.organisation.teams import teams

from .. import correspondence, events, files, permissions, routing
from ..actors import SYSTEM, Actor, as_actor
from ..errors import IllegalMove, fmt
from ..intake_rules import clean_receipt
from ..models import Complaint, Event, EventKind, Person
from ..references import format_reference, new_secret, numbers_sent
from . import timing
from ._machine import S, _locked, allowed_moves
from .complainant import written_way

# ---------------------------------------------------------------- 7.2 receipt


def receive(
    *,
    channel: str,
    description: str,
    complainant: dict,
    by=None,
    received_at: datetime | None = None,
    attachments=(),
    consents: dict | None = None,
    **details,
) -> Complaint:
    """ISO 10002 7.2: record a complaint with a unique reference, and queue its 7.4
    acknowledgement in the same transaction. `consents` (e.g. the privacy notice the
    complainant agreed to) are kept in the trail (4.7). Returns the complaint; `complaint.secret`
    holds the complainant's tracking secret (shown once, stored only hashed)."""
    actor = as_actor(by)
    permissions.require(actor, "receive")
    org = Organisation.current()
    now = timezone.now()
    clean = clean_receipt(
        org,
        actor,
        now,
        channel=channel,
        description=description,
        complainant=complainant,
        received_at=received_at,
        **details,
    )
    token, token_hash = new_secret()
    # PostgreSQL: the rows are sent without waiting for each answer (core/rows.py); the
    # receipt waits for the server twice: its number and ids, then its rows and the commit.
    with files.kept_only_if_recorded(), rows.pipelined(), transaction.atomic():
        complaint = _new(actor, clean, token_hash)
        planned = timing.plan_at_receipt(complaint)
        number = numbers_sent(clean.received_at.year)
        with rows.reserving(_new_rows(clean, planned)):  # reads the number's answer too
            _number(org, complaint, clean, number())
            if attachments:
                rows.insert(complaint)  # the files' rows point at it
            stored = files.store(complaint, attachments)
            routed = {"team": teams().names.get(complaint.team_id)} if complaint.team_id else {}
            # Writes the complaint with its trail head when it is not saved yet.
            events.append(
                complaint,
                EventKind.RECEIVED,
                actor,
                {
                    **clean.trail_data(),
                    **routed,
                    "attachments": stored,
                    "consents": dict(consents or {}),
                },
                public=True,
                at=complaint.received_at,
            )
            timing.start(complaint, planned)
            if clean.involved_users:
                complaint.involved_users.set(clean.involved_users)
            if clean.acknowledge:
                _send_acknowledgement(complaint, token)
    complaint.secret = token  # type: ignore[attr-defined]  # shown once, never stored
    return complaint


def _send_acknowledgement(complaint: Complaint, token: str) -> None:
    """ISO 10002 7.4: by e-mail, or as a letter to post when that is how we write to the
    complainant (no e-mail address, or they asked for paper); nothing when we cannot write
    to them at all (a telephone number only: the handler acknowledges by telephone). The
    way is ways.py's rule; by e-mail only the intent is written here and the worker writes
    the message from its template when it sends it, so no receipt waits on a template."""
    way = written_way(complaint.complainant)
    if way == "email":
        outbox.queue_acknowledgement(complaint, secret=token)
    elif way == "letter":
        correspondence.send(complaint, "acknowledgement", way=way, secret=token)


def _new(actor: Actor, clean, token_hash: str) -> Complaint:
    """The complaint, not saved yet, routed to its team (5.3); no reference yet."""
    complainant = clean.complainant
    category = clean.record_fields.get("category")
    # 5.3: the routing rules say which team works it (none holds: a manager routes it).
    team_id = routing.team_for(
        category_id=category.pk if category is not None else None,
        product=clean.record_fields.get("product", ""),
        channel=clean.channel,
        language=complainant.preferred_language,
    )
    return Complaint(
        secret_hash=token_hash,
        channel=clean.channel,
        received_at=clean.received_at,
        received_by=actor.user,
        team_id=team_id,
        **clean.record_fields,
    )


def _new_rows(clean, planned: list) -> dict:
    """The new rows of a receipt whose ids `rows.reserving` gives (PostgreSQL)."""
    return {
        Person: 1 + (clean.representative is not None),
        Complaint: 1,
        Event: 1,
        Clock: len(planned),
        # The acknowledgement's outbox row, when it goes by e-mail (a letter is no Message).
        Message: 1 if clean.acknowledge and written_way(clean.complainant) == "email" else 0,
    }


def _number(org: Organisation, complaint: Complaint, clean, numbers: range) -> None:
    """The complaint's reference (7.2), and its people saved (it points at them)."""
    complaint.reference = format_reference(org.reference_prefix, clean.received_at.year, numbers[0])
    complaint.complainant = rows.insert(clean.complainant)
    if clean.representative is not None:
        complaint.representative = rows.insert(clean.representative)


# ---------------------------------------------------------------- 7.4 acknowledgement


def acknowledge(complaint, *, by=SYSTEM, method: str = "email", note: str = "") -> Complaint:
    """ISO 10002 7.4: the complainant has been told we have the complaint."""
    with _locked(complaint, "acknowledge", by) as (c, actor):
        if c.acknowledged_at is not None:
            raise IllegalMove(
                "acknowledge",
                c.status,
                allowed_moves(c),
                why=fmt(
                    _("it was already acknowledged at {acknowledged_at:%c}"),
                    acknowledged_at=c.acknowledged_at,
                ),
            )
        c.acknowledged_at = timezone.now()
        if c.status == S.RECEIVED:
            c.status = S.ACKNOWLEDGED
        c.save(update_fields=["acknowledged_at", "status"])
        events.append(
            c, EventKind.ACKNOWLEDGED, actor, {"method": method, "note": note}, public=True
        )
    return c


# ---------------------------------------------------------------- 7.3 / 7.4 a message not delivered


def record_message_failure(
    complaint, *, by=SYSTEM, message_id: str, kind: str, to: str, attempts: int, error: str
) -> Complaint:
    """ISO 10002 7.3, 7.4: a message to the complainant (acknowledgement, decision…) could
    not be delivered after its last attempt. The trail says so, whatever the state, so the
    handler sees that the complainant was not told and tells them another way. `complaint`
    may be given by its id (the outbox knows only that)."""
    with _locked(complaint, "record_message_failure", by) as (c, actor):
        events.append(
            c,
            EventKind.MESSAGE_FAILED,
            actor,
            {
                "message_id": message_id,
                "kind": kind,
                "to": to,
                "attempts": attempts,
                "error": error,
            },
        )
    return c

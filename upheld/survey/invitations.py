"""Invite complainants to the satisfaction survey once their complaint is closed, and
remind them once (ISO 10002 8.3; ISO 10004): through the outbox, in their language, by
e-mail or — when post is the only way to write to them, or what they chose — by letter.

Never for a complaint closed as not a complaint (other feedback), ended because of the
complainant's unacceptable behaviour, or merged into another (whose own closure invites),
nor for imported history. Only complaints closed within UPHELD_SURVEY_WINDOW_DAYS are
looked at, so switching the survey on never writes to everyone closed in past years.

`run` is a periodic job of every worker: safe beside itself, as each invitation is taken
under a unique index and each reminder by a conditional update."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upheld.complaints.lifecycle import current_decision, written_way
from upheld.complaints.models import Channel, ClosureReason, Complaint, Status
from upheld.complaints.references import new_secret
from upheld.letters import writer

from .models import Invitation

NEVER = (ClosureReason.NOT_A_COMPLAINT, ClosureReason.WITHDRAWN_ABUSIVE, ClosureReason.MERGED)
ENDED = (Status.CLOSED, Status.WITHDRAWN)


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def eligible(now: datetime):
    """The complaints due an invitation now: closed (or withdrawn by the complainant) at
    least UPHELD_SURVEY_DELAY_HOURS ago and within the window, never invited."""
    delay = timedelta(hours=_setting("UPHELD_SURVEY_DELAY_HOURS", 0))
    window = timedelta(days=_setting("UPHELD_SURVEY_WINDOW_DAYS", 30))
    return (
        Complaint.objects.filter(
            closed_at__gte=now - window,
            closed_at__lte=now - delay,
            status__in=ENDED,
            survey_invitation__isnull=True,
        )
        .exclude(closure_reason__in=NEVER)
        .exclude(channel=Channel.IMPORT)
        .select_related("complainant")
        .order_by("closed_at", "pk")
    )


def invite(complaint: Complaint) -> Invitation | None:
    """Invite the complainant once (None: already invited, or no way to write to them)."""
    way = written_way(complaint.complainant)
    if not way:
        return None
    decision = current_decision(complaint)
    token, token_hash = new_secret()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                complaint=complaint,
                secret_hash=token_hash,
                channel=way,
                language=complaint.complainant.preferred_language or settings.LANGUAGE_CODE,
                invited_at=timezone.now(),
                team_id=complaint.team_id,
                complaint_channel=complaint.channel,
                outcome=decision.outcome if decision is not None else "",
                closure_reason=complaint.closure_reason,
            )
            _send(complaint, way, "survey_invitation", token)
    except IntegrityError:  # another worker invited it first
        return None
    return invitation


def remind(invitation: Invitation, now: datetime) -> bool:
    """The one reminder, with a new link that replaces the invitation's."""
    token, token_hash = new_secret()
    with transaction.atomic():
        taken = Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
            reminded_at=now, secret_hash=token_hash
        )
        if taken:
            _send(invitation.complaint, invitation.channel, "survey_reminder", token)
    return bool(taken)


def _send(complaint: Complaint, way: str, kind: str, token: str) -> None:
    """From the letters' templates, with the survey's own link: by e-mail as a message, by
    post as a letter that prints the link from the secret, kept until it is posted."""
    writer.send(complaint, kind, way=way, secret=token)


def run(now: datetime | None = None, batch: int = 200) -> dict[str, int]:
    """Invite every complaint due an invitation, then remind every invitation due its
    reminder (UPHELD_SURVEY_REMINDER_DAYS after it, not answered, complaint still closed)."""
    now = now or timezone.now()
    invited = sum(invite(c) is not None for c in eligible(now)[:batch])
    after = timedelta(days=_setting("UPHELD_SURVEY_REMINDER_DAYS", 7))
    due = Invitation.objects.filter(
        reminded_at__isnull=True,
        invited_at__lte=now - after,
        response__isnull=True,
        complaint__status__in=ENDED,
    ).select_related("complaint__complainant")
    reminded = sum(remind(i, now) for i in due.order_by("invited_at", "pk")[:batch])
    return {"invited": invited, "reminded": reminded}

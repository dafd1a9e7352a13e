"""ISO 10002 7.6 investigation: starting it, asking the complainant for information (the
handling waits for the answer) and going on when it comes."""

from django.utils import timezone

from .. import events
from ..models import Complaint, EventKind
from ._machine import S, _locked, _require_text
from .ways import write


def investigate(complaint, *, by, plan: str = "") -> Complaint:
    """ISO 10002 7.6: start the investigation. Unassigned, it goes to whoever starts it."""
    with _locked(complaint, "investigate", by) as (c, actor):
        if c.assignee_id is None:
            c.assignee = actor.user
        c.status = S.INVESTIGATING
        c.investigation_started_at = c.investigation_started_at or timezone.now()
        c.save()
        events.append(
            c,
            EventKind.INVESTIGATION_STARTED,
            actor,
            {"assignee": c.assignee.get_username() if c.assignee else "", "plan": plan},
        )
    return c


def await_complainant(complaint, *, by, question: str) -> Complaint:
    """ISO 10002 7.6: ask the complainant for information; handling waits for the answer.
    The question goes to them as a request for information, by e-mail or by post (their
    way, ways.written_way); with a telephone number only, the handler calls them
    (the trail says it was not written). Their answer resumes handling (add_correspondence)."""
    _require_text(question=question)
    with _locked(complaint, "await_complainant", by) as (c, actor):
        context = {"question": question.strip()}
        way = write(c, "request_for_information", context=context, by=actor.user)
        c.paused_from, c.status = c.status, S.AWAITING_COMPLAINANT
        c.save(update_fields=["paused_from", "status"])
        events.append(
            c,
            EventKind.AWAITING_COMPLAINANT,
            actor,
            {"question": question, "written": way or "no"},
            public=True,
        )
    return c


def resume(complaint, *, by, note: str = "") -> Complaint:
    """Handling goes on from where it waited for the complainant."""
    with _locked(complaint, "resume", by) as (c, actor):
        c.status, c.paused_from = c.paused_from or S.INVESTIGATING, ""
        c.save(update_fields=["paused_from", "status"])
        events.append(c, EventKind.RESUMED, actor, {"note": note})
    return c

"""The trail written for people (ISO 10002 4.9, 8.1): who did what, when and why, each
event in a sentence of the reader's language, public events told apart from internal ones,
the chain's hashes kept for whoever asks. Read from the events the page already has (their
personal data joined): no query per event."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from upheld.complaints.events import data_of
from upheld.complaints.models import (
    Channel,
    ClosureReason,
    EventKind,
    Outcome,
    Priority,
    RemedyKind,
)

K = EventKind
# The data field that says why, for each kind that has one (shown under the sentence).
WHY = ("reason", "reasons", "note", "plan", "question", "evidence", "message", "error")
# Where `reason` is a code the sentence already says (a closure reason), the note says why.
WHY_OF = {K.CLOSED: ("note",), K.TASK_DONE: ("outcome",)}


@dataclass(frozen=True)
class Entry:
    seq: int
    at: datetime
    who: str
    what: str
    why: str
    public: bool
    kind: str
    hash: str
    prev_hash: str
    other: str = ""  # the reference of the complaint a merge links this one's trail to


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _received(d: dict) -> str:
    return _("Received by {channel}").format(channel=_label(Channel, d.get("channel")))


def _triaged(d: dict) -> str:
    if d.get("is_complaint"):
        return _("Decided it is a complaint")
    return _("Decided it is not a complaint (other feedback) and closed it")


def _assessed(d: dict) -> str:
    return _("Assessed it: priority {priority}").format(
        priority=_label(Priority, d.get("priority"))
    )


def _assigned(d: dict) -> str:
    if d.get("previous"):
        return _("Reassigned it from {previous} to {assignee}").format(**d)
    return _("Assigned it to {assignee}").format(assignee=d.get("assignee", ""))


def _decided(d: dict) -> str:
    kinds = ", ".join(_label(RemedyKind, r.get("kind")) for r in d.get("remedies") or [])
    outcome = _label(Outcome, d.get("outcome"))
    if kinds:
        return _("Decided: {outcome}; offered {remedies}").format(outcome=outcome, remedies=kinds)
    return _("Decided: {outcome}").format(outcome=outcome)


def _answered(accepted: bool) -> Callable[[dict], str]:
    def say(d: dict) -> str:
        how = d.get("channel") or ""
        writing = _(", in writing") if d.get("in_writing") else ""
        if accepted:
            return _("The complainant accepted the decision ({how}{writing})").format(
                how=how, writing=writing
            )
        return _("The complainant did not accept the decision ({how}{writing})").format(
            how=how, writing=writing
        )

    return say


def _remedy(done: bool) -> Callable[[dict], str]:
    def say(d: dict) -> str:
        kind = _label(RemedyKind, d.get("kind"))
        if done:
            return _("Carried out remedy {id} ({kind})").format(id=d.get("remedy_id"), kind=kind)
        return _("Waived remedy {id} ({kind})").format(id=d.get("remedy_id"), kind=kind)

    return say


def _message(d: dict, sentence: str) -> str:
    subject = d.get("subject") or ""
    files = len(d.get("attachments") or [])
    text = sentence.format(channel=d.get("channel", ""))
    if subject:
        text = f"{text}: “{subject}”"
    if files:
        text = f"{text} " + _("({count} file(s))").format(count=files)
    return text


SAY: dict[str, Callable[[dict], str]] = {
    K.RECEIVED: _received,
    K.IMPORTED: lambda d: _("Imported with its resolution from another system"),
    K.ACKNOWLEDGED: lambda d: _("Acknowledged it ({method})").format(method=d.get("method", "")),
    K.TRIAGED: _triaged,
    K.ASSESSED: _assessed,
    K.REASSESSED: _assessed,
    K.ASSIGNED: _assigned,
    K.INVESTIGATION_STARTED: lambda d: _("Started the investigation"),
    K.AWAITING_COMPLAINANT: lambda d: _("Asked the complainant for information"),
    K.RESUMED: lambda d: _("Resumed handling"),
    K.TASK_ADDED: lambda d: _("Gave {owner} a task, due {due_on}: {title}").format(
        owner=d.get("owner", ""), due_on=d.get("due_on", ""), title=d.get("title", "")
    ),
    K.TASK_DONE: lambda d: _("Recorded a task done: {title}").format(title=d.get("title", "")),
    K.CLASSIFIED: lambda d: _("Classified it as {category}").format(category=d.get("category", "")),
    K.CORRESPONDENCE_IN: lambda d: _message(d, _("Message received by {channel}")),
    K.CORRESPONDENCE_OUT: lambda d: _message(d, _("Message sent by {channel}")),
    K.DECIDED: _decided,
    K.DECISION_COMMUNICATED: lambda d: _("Sent the decision ({method})").format(
        method=d.get("method", "")
    ),
    K.ACCEPTED: _answered(True),
    K.REJECTED: _answered(False),
    K.ESCALATED: lambda d: _("Escalated it for internal review by {reviewer}").format(
        reviewer=d.get("reviewer", "")
    ),
    K.REFERRED_EXTERNALLY: lambda d: _("Referred it to {body} (their case {case})").format(
        body=d.get("body", ""), case=d.get("case_reference") or "—"
    ),
    K.REMEDY_CARRIED_OUT: _remedy(True),
    K.REMEDY_WAIVED: _remedy(False),
    K.CLOSED: lambda d: _("Closed it: {reason}").format(
        reason=_label(ClosureReason, d.get("reason"))
    ),
    K.REOPENED: lambda d: _("Reopened it"),
    K.WITHDRAWN: lambda d: _("Recorded that the complaint was withdrawn"),
    K.MERGED: lambda d: _("Merged it into {into} as a duplicate").format(into=d.get("into", "")),
    K.DUPLICATE_MERGED: lambda d: _("{duplicate} was merged into it as a duplicate").format(
        duplicate=d.get("duplicate", "")
    ),
    K.MESSAGE_FAILED: lambda d: _("A message to {to} could not be delivered").format(
        to=d.get("to") or _("the complainant")
    ),
    K.ANONYMISED: lambda d: _("Erased the personal data"),
    K.TRAIL_REHASHED: lambda d: _("The trail was hashed again without its personal data"),
}


def entry(event) -> Entry:
    data = data_of(event)
    say = SAY.get(event.kind)
    what = say(data) if say else _label(EventKind, event.kind)
    fields = WHY_OF.get(event.kind, WHY)
    why = next((str(data[k]) for k in fields if isinstance(data.get(k), str) and data[k]), "")
    return Entry(
        seq=event.seq,
        at=event.at,
        who=event.actor_label,
        what=what,
        why=why,
        public=event.public,
        kind=event.kind,
        hash=event.hash,
        prev_hash=event.prev_hash,
        other=str(data.get("into") or data.get("duplicate") or "")
        if event.kind in (K.MERGED, K.DUPLICATE_MERGED)
        else "",
    )


def timeline(complaint) -> list[Entry]:
    """The complaint's events, newest first, from its prefetched trail."""
    return [entry(e) for e in reversed(list(complaint.events.all()))]

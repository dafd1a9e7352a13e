"""Investigation tasks (ISO 10002 7.7: the investigation gathers what is needed to decide):
a task is given to a handler who may read the complaint and is not involved in it, due on a
working day of the complaint's business calendar (its running clock's, else its team's),
and is recorded done with what was found. Both are moves, so each lands in the trail."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.deadlines import clocks as deadline_clocks
from upheld.notify import notices

from .. import events, permissions, visibility
from ..errors import ConflictOfInterest, InvalidInput, fmt
from ..models import Complaint, EventKind, Task, TaskState
from ._machine import _locked, _require_text

MAX_DAYS = 250


def add_task(
    complaint,
    *,
    by,
    title: str,
    owner,
    due_in: int | None = None,
    due_on: date | None = None,
) -> Complaint:
    """7.7: give a piece of the investigation to `owner`, due in `due_in` working days from
    today or on `due_on` (a working day) — one of the two."""
    _require_text(title=title)
    if owner is None:
        raise InvalidInput({"owner": _("Name the person who will do it.")})
    if (due_in is None) == (due_on is None):
        raise InvalidInput(
            {"due_in": _("Give the working days it is due in, or its date: one of the two.")}
        )
    if due_in is not None and not 1 <= due_in <= MAX_DAYS:
        raise InvalidInput(
            {"due_in": fmt(_("Give between 1 and {most} working days."), most=MAX_DAYS)}
        )
    with _locked(complaint, "add_task", by) as (c, actor):
        _require_owner(owner, c)
        calendar = deadline_clocks.complaint_calendar(c)
        today = calendar.local_date(timezone.now())
        if due_in is not None:
            due = calendar.business_days_after(today, due_in)
        else:
            assert due_on is not None
            _require_working_day(calendar, due_on, today)
            due = due_on
        task = Task.objects.create(
            complaint=c, title=title.strip(), owner=owner, due_on=due, created_at=timezone.now()
        )
        events.append(
            c,
            EventKind.TASK_ADDED,
            actor,
            {
                "task": task.pk,
                "title": task.title,
                "owner": owner.get_username(),
                "due_on": due.isoformat(),
            },
        )
        if owner.pk != getattr(actor.user, "pk", None):
            notices.tell([owner], "task_given", complaint=c, context={"due_on": due.isoformat()})
    return c


def complete_task(complaint, *, by, task: int, outcome: str) -> Complaint:
    """7.7: record a task of the complaint done, with what was found or done."""
    _require_text(outcome=outcome)
    with _locked(complaint, "complete_task", by) as (c, actor):
        row = Task.objects.filter(pk=task, complaint=c).first()
        if row is None:
            raise InvalidInput(
                {
                    "task": fmt(
                        _("{reference} has no task {task}."), reference=c.reference, task=task
                    )
                }
            )
        if row.state != TaskState.OPEN:
            raise InvalidInput({"task": _("That task is already done.")})
        now = timezone.now()
        row.state, row.done_at, row.outcome = TaskState.DONE, now, outcome.strip()
        row.save(update_fields=["state", "done_at", "outcome"])
        late = deadline_clocks.complaint_calendar(c).local_date(now) > row.due_on
        events.append(
            c,
            EventKind.TASK_DONE,
            actor,
            {"task": row.pk, "title": row.title, "outcome": row.outcome, "late": late},
        )
    return c


def _require_owner(owner, c: Complaint) -> None:
    if not (owner.is_active and owner.has_perm(permissions.HANDLE)):
        raise InvalidInput(
            {"owner": fmt(_("{person} has no complaint-handling role."), person=owner)}
        )
    where = visibility.rule(owner)
    if where is None or not Complaint.objects.filter(where, pk=c.pk).exists():
        raise InvalidInput(
            {
                "owner": fmt(
                    _("{person} may not read {reference}: give it to someone of its team."),
                    person=owner,
                    reference=c.reference,
                )
            }
        )
    try:
        permissions.require_impartial(owner, c, "be given a task on")
    except ConflictOfInterest as refused:
        raise InvalidInput({"owner": str(refused)}) from refused


def _require_working_day(calendar, day: date, today: date) -> None:
    if day < today:
        raise InvalidInput({"due_on": _("Give a date from today on.")})
    if not calendar.is_business_day(day):
        raise InvalidInput(
            {
                "due_on": fmt(
                    _("{day} is not a working day ({why}); the next one is {next}."),
                    day=day.isoformat(),
                    why=calendar.holiday_name(day) or _("a weekly day off"),
                    next=calendar.next_business_day(day).isoformat(),
                )
            }
        )

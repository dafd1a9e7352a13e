"""ISO 10002 5.3 who works a complaint (its team) and 7.5 how soon (its priority), set by
hand: the routing rules place a complaint at receipt, the assessment gives its priority;
these moves change either later, with the reason in the trail."""

from django.utils.translation import gettext_lazy as _

from upheld.organisation.teams import Team, teams

from .. import events
from ..errors import InvalidInput, fmt
from ..models import Complaint, EventKind, Priority
from ._machine import _locked


def route(complaint, *, by, team: Team | int, note: str = "") -> Complaint:
    """ISO 10002 5.3: give the complaint to a team. Its assignee stays only if they work in
    that team: otherwise the team's manager assigns it again (it is unassigned)."""
    team_id = team.pk if isinstance(team, Team) else team
    known = teams()
    if not isinstance(team_id, int) or team_id not in known.names:
        raise InvalidInput({"team": _("Choose one of the teams.")})
    with _locked(complaint, "route", by) as (c, actor):
        if c.team_id == team_id:
            raise InvalidInput(
                {"team": fmt(_("{reference} is already with that team."), reference=c.reference)}
            )
        previous = known.names.get(c.team_id) if c.team_id else None
        left = c.assignee if c.assignee_id and team_id not in known.of(c.assignee_id) else None
        c.team_id = team_id
        if left is not None:
            c.assignee = None
        c.save(update_fields=["team", "assignee"])
        events.append(
            c,
            EventKind.ROUTED,
            actor,
            {
                "team": known.names[team_id],
                "previous": previous,
                "unassigned": left.get_username() if left is not None else None,
                "note": note,
            },
        )
    return c


def prioritise(complaint, *, by, priority: int, reason: str) -> Complaint:
    """ISO 10002 7.5: set the priority by hand (a complaints manager, for a reason the
    assessment's scales do not capture: a vulnerable complainant, a regulator asking).
    A later reassessment computes it again from the scales."""
    errors = {}
    if priority not in Priority.values or isinstance(priority, bool):
        errors["priority"] = _("Choose one of the priorities.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for changing the priority.")
    if errors:
        raise InvalidInput(errors)
    with _locked(complaint, "prioritise", by) as (c, actor):
        if c.priority == priority:
            raise InvalidInput(
                {
                    "priority": fmt(
                        _("{reference} already has that priority."), reference=c.reference
                    )
                }
            )
        previous = c.priority
        c.priority = priority
        c.save(update_fields=["priority"])
        events.append(
            c,
            EventKind.PRIORITISED,
            actor,
            {"priority": priority, "previous": previous, "reason": reason.strip()},
        )
    return c

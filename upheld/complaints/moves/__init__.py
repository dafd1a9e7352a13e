"""One description of every move of the lifecycle (ISO 10002 clause 7): its name, the
clause it serves, who may make it, and its input fields with their limits.

The API builds its action routes from it (upheld/api/complaints.py) and the staff desk
builds its forms from it (forms.py), so a move is described once: adding a field or a
limit here changes the API's OpenAPI document and the desk's form together, and the
lifecycle stays the one place that decides.

The input is a pydantic model (inputs.py) rather than a Django form: it is what the API
already speaks (django-ninja), it is plain data with a JSON Schema any form can be built
from, and it holds nested input a Django form cannot (a decision's list of remedies);
`forms.form_for` turns one into a Django form for the desk's pages.

Who may make a move is read from permissions.py (the rule the lifecycle enforces), not
written again here.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .. import lifecycle, permissions
from ..errors import InvalidInput, fmt
from ..roles import HANDLE, MANAGE
from . import inputs, regulatory


@dataclass(frozen=True)
class Move:
    """One lifecycle move, described for whoever offers it (API, desk)."""

    name: str  # the lifecycle function: lifecycle.<name>
    clause: str  # of ISO 10002 (or 10003) that the move serves
    title: Promise  # what a button or a heading calls it (translatable)
    # None for receipt (each channel takes a complaint in its own shape) and for the moves
    # only Upheld makes (no person gives their input).
    input: type[inputs.Input] | None
    # The lifecycle's keyword that takes files with the move (evidence, a scanned letter),
    # "" when it takes none. Files are not in the input: the API uploads them as multipart
    # (api/attachments.py), a page with a file field (forms.form_for).
    files: str = ""

    @property
    def action(self) -> str:
        """Its name in URLs (`communicate-decision`)."""
        return self.name.replace("_", "-")

    @property
    def function(self):
        return lifecycle.move(self.name)

    @property
    def permission(self) -> str:
        """The permission a member of staff needs to make it."""
        return MANAGE if self.name in permissions.MANAGER_ONLY else HANDLE

    @property
    def by_complainant(self) -> bool:
        """The complainant may make it themselves (with their tracking secret)."""
        return self.name in permissions.BY_COMPLAINANT

    @property
    def by_system(self) -> bool:
        """Upheld makes it on its own (the worker, an intake channel)."""
        return self.name in permissions.BY_SYSTEM

    @property
    def system_only(self) -> bool:
        """Only Upheld makes it: no person, so no route or form offers it."""
        return self.name in permissions.SYSTEM_ONLY

    @property
    def judging(self) -> bool:
        """It judges the complaint: nobody involved in it may make it (4.5)."""
        return self.name in permissions.JUDGING

    def arguments(self, data: inputs.Input) -> dict:
        """The lifecycle's keyword arguments for validated input: usernames become users."""
        kwargs = data.model_dump(mode="python")
        for field in USER_FIELDS & kwargs.keys():
            kwargs[field] = _user(field, kwargs[field])
        return kwargs


# Input fields that name a member of staff by username.
USER_FIELDS = {"assignee", "reviewer", "owner"}


def _user(field: str, username: str):
    User = get_user_model()  # noqa: N806
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        raise InvalidInput({field: fmt(_("There is no user '{username}'."), username=username)})
    return user


def _moves(*moves: Move) -> dict[str, Move]:
    return {m.name: m for m in moves}


MOVES: dict[str, Move] = _moves(
    Move("receive", "7.2", _("Receive a complaint"), None),
    Move("acknowledge", "7.4", _("Acknowledge"), inputs.Acknowledge),
    Move("triage", "3", _("Decide whether it is a complaint"), inputs.Triage),
    Move("assess", "7.5", _("Assess"), inputs.Assess),
    Move("assign", "5.3", _("Assign"), inputs.Assign),
    Move("route", "5.3", _("Give to a team"), inputs.Route),
    Move("prioritise", "7.5", _("Change the priority"), inputs.Prioritise),
    Move("investigate", "7.6", _("Start the investigation"), inputs.Investigate),
    Move("await_complainant", "7.6", _("Ask the complainant"), inputs.AwaitComplainant),
    Move("resume", "7.6", _("Resume handling"), inputs.Resume),
    Move("decide", "7.7", _("Decide"), inputs.Decide),
    Move("communicate_decision", "7.8", _("Communicate the decision"), inputs.CommunicateDecision),
    Move("accept", "7.9", _("Record that the decision is accepted"), inputs.Accept),
    Move("reject", "7.9", _("Record that the decision is not accepted"), inputs.Reject),
    Move("escalate", "7.9", _("Escalate for internal review"), inputs.Escalate),
    Move("refer_externally", "7.9", _("Refer to an external body"), inputs.ReferExternally),
    Move("carry_out_remedy", "7.9", _("Record a remedy carried out"), inputs.CarryOutRemedy),
    Move("waive_remedy", "7.9", _("Waive a remedy"), inputs.WaiveRemedy),
    Move("classify", "8.2", _("Classify"), inputs.Classify),
    Move("close", "7.9", _("Close"), inputs.Close),
    Move("reopen", "7.9", _("Reopen"), inputs.Reopen),
    Move("withdraw", "7.9", _("Record a withdrawal"), inputs.Withdraw),
    Move("merge", "7.2", _("Merge into another complaint"), inputs.Merge),
    Move(
        "add_correspondence",
        "7.3",
        _("Record a message"),
        inputs.AddCorrespondence,
        files="attachments",
    ),
    Move("anonymise", "4.7", _("Erase the personal data"), inputs.Anonymise),
    Move("issue_link", "7.3", _("Send a new private link"), inputs.IssueLink),
    Move("revoke_link", "4.7", _("Revoke the private link"), inputs.RevokeLink),
    Move("request_review", "7.9", _("Record a request for internal review"), inputs.RequestReview),
    Move("choose_contact", "4.3", _("Record how to contact the complainant"), inputs.ChooseContact),
    Move(
        "record_message_failure",
        "7.4",
        _("Record a message that could not be delivered"),
        None,
    ),
    Move("record_letter", "7.3", _("Record a letter sent"), None),
    Move("choose_regime", "7.5", _("Choose the regime"), regulatory.ChooseRegime),
    Move(
        "send_holding_response",
        "DISP 1.6.2R",
        _("Send a holding response"),
        regulatory.SendHoldingResponse,
    ),
    Move(
        "evaluate_reportability",
        "21 CFR 820.198(a)(3)",
        _("Evaluate MDR reportability"),
        regulatory.EvaluateReportability,
    ),
    Move("record_mdr_report", "21 CFR 803", _("Record an MDR report"), regulatory.RecordMdrReport),
    Move("act_on_clock", "7.3", _("Act on a time limit"), None),
    # Investigation tasks (issue 9): a piece of the investigation, its owner, its due date.
    Move("add_task", "7.7", _("Give a task"), inputs.AddTask),
    Move("complete_task", "7.7", _("Record a task done"), inputs.CompleteTask),
)


def describe(name: str) -> Move:
    """The description of a move by its lifecycle name (KeyError for an unknown one)."""
    return MOVES[name]

"""The input of each move, as pydantic models: field names, types, limits and descriptions.

The API takes these as its request bodies (so the OpenAPI document describes each action);
the staff desk builds its forms from the same models (see forms.py). They check the shape
of the input only; the lifecycle checks the rest (states, gates, permissions, who exists)
and says what is wrong per field (InvalidInput), whatever the channel.

People are named by username (assignee, reviewer); `merge` names the surviving complaint
by reference; the category and the external body by id.
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Literal, cast

from django.utils.translation import gettext_lazy
from pydantic import BaseModel, Field, field_validator

from upheld.core import input_policy

from ..errors import fmt
from ..intake_rules import PRODUCT_MAX_LENGTH
from ..lifecycle import CLOSURE_REASONS
from ..models import ASSESSMENT_SCALES, ContactPreference, Outcome, Priority, RemedyKind

# Titles and descriptions stay lazy: put into words when a form or the OpenAPI document is
# shown, in the reader's language. Typed as str for pydantic's signatures, which they pass.
_ = cast(Callable[[str], str], gettext_lazy)


def _problem(value) -> str | None:
    """Why a value from outside breaks the input policy (core/input_policy.py), or None."""
    if isinstance(value, str):
        return input_policy.text_problem(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not input_policy.integer_fits(value):
        return input_policy.INTEGER_MESSAGE
    if isinstance(value, list | tuple):
        return next((p for p in map(_problem, value) if p), None)
    return None  # a nested model (a dict here) checks its own fields, naming each


class Input(BaseModel):
    """Input to Upheld from outside, field by field: text with a NUL character or a lone
    surrogate (no database can store either: PostgreSQL refuses a NUL, no encoding writes
    a surrogate) and whole numbers beyond a 64-bit column are refused."""

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value):
        problem = _problem(value)
        if problem:
            raise ValueError(problem)
        return value


def Note(title=None):  # noqa: N802 — used like Field
    return Field("", title=title or _("Note"), description=_("Free text kept in the trail."))


def Username(title, description, choices: str):  # noqa: N802
    """A member of staff by username; `choices` names where a form finds the people it may
    offer (choices.py): the API takes any username and the lifecycle decides."""
    return Field(
        ...,
        min_length=1,
        max_length=150,
        title=title,
        description=description,
        json_schema_extra={"x-choices": choices},
    )


def Chosen(choices: str, default=..., **kwargs):  # noqa: N802
    """A field whose values a form offers from a list (choices.py): an external body, a
    category, one of the complaint's remedies, a way of reaching the complainant. The API
    takes the value as given; the lifecycle checks it."""
    return Field(default, json_schema_extra={"x-choices": choices}, **kwargs)


class Acknowledge(Input):
    method: str = Chosen(
        "ways", "email", max_length=30, title=_("How"), description=_("How it was acknowledged.")
    )
    note: str = Note()


class Triage(Input):
    is_complaint: bool = Field(
        ...,
        title=_("It is a complaint"),
        description=_(
            "Whether it is a complaint: dissatisfaction where a response is expected, whether "
            "justified or not. False closes it as other feedback (reason `not_a_complaint`)."
        ),
    )
    reason: str = Field(
        ...,
        min_length=1,
        title=_("Reason"),
        description=_("Why; kept in the trail, and sent to the sender when it is not a complaint."),
    )
    device_deficiency: bool | None = Field(
        None,
        title=_("Alleges a device deficiency"),
        description=_("Medical devices (FDA 820.198): does it allege a device deficiency?"),
    )


def Scale(name, title):  # noqa: N802
    top = ASSESSMENT_SCALES[name]
    return Field(
        ..., ge=1, le=top, title=title, description=cast(str, fmt(_("From 1 to {top}."), top=top))
    )


class Assess(Input):
    severity: int = Scale("severity", _("Severity"))
    safety_implication: bool = Field(..., title=_("Health or safety implication"))
    complexity: int = Scale("complexity", _("Complexity"))
    impact: int = Scale("impact", _("Impact"))
    immediate_action_needed: bool = Field(..., title=_("Needs immediate action"))
    note: str = Note()
    product: str = Field(
        "",
        max_length=PRODUCT_MAX_LENGTH,
        title=_("Product or service"),
        description=_(
            "Only when the complaint came without it (e-mail, import): the product or service."
        ),
    )
    remedy_sought: str = Field(
        "",
        title=_("Remedy sought"),
        description=_(
            "Only when the complaint came without it: what the complainant would like done, "
            'or "not stated".'
        ),
    )


class Assign(Input):
    assignee: str = Username(
        _("Assign to"), _("Username of a handler not involved in it."), "handlers"
    )
    note: str = Note()


class Route(Input):
    team: int = Chosen("teams", title=_("Team"), description=_("Id of one of the teams."))
    note: str = Note()


class Prioritise(Input):
    priority: Priority = Field(..., title=_("Priority"))
    reason: str = Field(..., min_length=1, title=_("Reason"))


class Investigate(Input):
    plan: str = Note(_("Plan"))


class AwaitComplainant(Input):
    question: str = Field(..., title=_("Question"), description=_("What the complainant is asked."))


class Resume(Input):
    note: str = Note()


class RemedyIn(Input):
    kind: RemedyKind = Field(..., title=_("Kind of remedy"))
    description: str = Field("", title=_("Description"))
    amount: Decimal | None = Field(
        None, title=_("Amount"), description=_("Required for refund and compensation.")
    )
    currency: str = Field(
        "", title=_("Currency"), description=_("ISO 4217 code, required with an amount.")
    )


class Decide(Input):
    outcome: Outcome = Field(..., title=_("Outcome"))
    reasons: str = Field(
        ..., title=_("Reasons"), description=_("Reasons given to the complainant (7.7).")
    )
    remedies: list[RemedyIn] = Field(default_factory=list, title=_("Remedies offered"))


class CommunicateDecision(Input):
    method: str = Chosen(
        "ways",
        "email",
        max_length=30,
        title=_("How"),
        description=_("`email` also sends the decision letter."),
    )
    message: str = Field(
        "", title=_("Message"), description=_("A personal message added to the letter.")
    )


class Accept(Input):
    """Staff record the complainant's acceptance, and how it reached them."""

    channel: str = Chosen("ways", "phone", max_length=30, title=_("How it reached us"))
    in_writing: bool = Field(False, title=_("In writing"))
    note: str = Note()


class Reject(Input):
    """Staff record the complainant's rejection, and how it reached them."""

    reason: str = Field(
        "", title=_("Reason"), description=_("Why the complainant rejects the decision.")
    )
    channel: str = Chosen("ways", "phone", max_length=30, title=_("How it reached us"))
    in_writing: bool = Field(False, title=_("In writing"))


class Escalate(Input):
    reviewer: str = Username(
        _("Reviewer"),
        _("Username of a complaints manager who did not decide it before and is not involved."),
        "managers",
    )
    reason: str = Field(..., title=_("Reason"))


class ReferExternally(Input):
    body: int = Chosen(
        "external_bodies",
        title=_("External body"),
        description=_(
            "Id of one of the organisation's external bodies (ombudsman, ADR), as its "
            "how-to-complain page lists them."
        ),
    )
    case_reference: str = Field("", max_length=100, title=_("Their case reference"))
    note: str = Note()


def RemedyId():  # noqa: N802
    return Chosen(
        "pending_remedies",
        title=_("Remedy"),
        description=_("Remedy id (see `decisions[].remedies[].id`)."),
    )


class CarryOutRemedy(Input):
    remedy: int = RemedyId()
    evidence: str = Field(..., title=_("Evidence"))


class WaiveRemedy(Input):
    remedy: int = RemedyId()
    reason: str = Field(..., title=_("Reason"))


class AddTask(Input):
    title: str = Field(
        ..., min_length=1, max_length=300, title=_("Task"), description=_("What is to be done.")
    )
    owner: str = Username(
        _("Given to"), _("Username of a handler who may read the complaint."), "handlers"
    )
    due_in: int | None = Field(
        None,
        ge=1,
        le=250,
        title=_("Due in (working days)"),
        description=_("Working days of the complaint's calendar from today; or give a date."),
    )
    due_on: date | None = Field(
        None, title=_("Or due on"), description=_("A working day of the complaint's calendar.")
    )


class CompleteTask(Input):
    task: int = Chosen("open_tasks", title=_("Task"), description=_("Id of an open task."))
    outcome: str = Field(..., min_length=1, title=_("What was found or done"))


class Classify(Input):
    category: int | None = Chosen(
        "categories", None, title=_("Category"), description=_("Id of a category in use.")
    )
    cause: int | None = Chosen(
        "causes", None, title=_("Cause"), description=_("Id of a root cause in use.")
    )
    fca_product: int | None = Chosen(
        "fca_products",
        None,
        title=_("FCA product group"),
        description=_("Id of a product group of DISP 1 Annex 1R (FCA regimes require it)."),
    )
    fca_cause: int | None = Chosen(
        "fca_causes",
        None,
        title=_("FCA cause"),
        description=_("Id of a cause of DISP 1 Annex 1R (FCA regimes require it)."),
    )


class Close(Input):
    reason: Literal[tuple(r.value for r in CLOSURE_REASONS)] | None = Field(  # type: ignore[valid-type]
        None,
        title=_("Closure reason"),
        description=_("Defaults from the state (accepted → accepted_resolved, …)."),
    )
    note: str = Note()


class Reopen(Input):
    reason: str = Field(..., title=_("Reason"))


class Withdraw(Input):
    reason: str = Field("", title=_("Reason"))
    abusive: bool = Field(
        False,
        title=_("Ended for unacceptable behaviour"),
        description=_(
            "A complaints manager ends the handling because of the complainant's behaviour "
            "(abuse, threats); the reason is required, and no satisfaction survey is sent."
        ),
    )


class IssueLink(Input):
    note: str = Note()


class RevokeLink(Input):
    reason: str = Field(
        ...,
        min_length=1,
        title=_("Reason"),
        description=_("Why the link stops working (seen by someone else, asked by them)."),
    )


class RequestReview(Input):
    reason: str = Field(
        "", title=_("Reason"), description=_("What the complainant wants the reviewer to look at.")
    )


class ChooseContact(Input):
    preference: ContactPreference = Field(
        ..., title=_("How to write to them"), description=_("e-mail, letter or telephone.")
    )


class Merge(Input):
    into: str = Field(
        ...,
        title=_("Merge into"),
        description=_("Reference of the complaint that carries on."),
    )
    reason: str = Field("", title=_("Reason"))


class AddCorrespondence(Input):
    direction: Literal["in", "out"] = Field("in", title=_("Direction"))
    channel: str = Field("email", max_length=16, title=_("Channel"))
    sender: str = Field("", max_length=300, title=_("Sender"))
    subject: str = Field("", max_length=300, title=_("Subject"))
    body: str = Field(..., title=_("Message"))


class Anonymise(Input):
    reason: str = Field(
        ...,
        title=_("Reason"),
        description=_(
            "Why the personal data is erased (a retention period ended, the complainant "
            "asked); kept in the trail, so write no personal data in it."
        ),
    )

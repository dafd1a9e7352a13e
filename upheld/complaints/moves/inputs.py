"""The input of each move, as pydantic models: field names, types, limits and descriptions.

The API takes these as its request bodies (so the OpenAPI document describes each action);
the staff desk builds its forms from the same models (see forms.py). They check the shape
of the input only; the lifecycle checks the rest (states, gates, permissions, who exists)
and says what is wrong per field (InvalidInput), whatever the channel.

People are named by username (assignee, reviewer); `merge` names the surviving complaint
by reference; the category and the external body by id.
"""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from ..lifecycle import CLOSURE_REASONS
from ..models import ASSESSMENT_SCALES, Outcome, RemedyKind


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Input(BaseModel):
    """Input to Upheld from outside: text with a NUL character is refused, field by field
    (no database keeps it in text: PostgreSQL refuses it, so it would fail the request)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        if _has_nul(value):
            raise ValueError("Remove the NUL character (\\0): text cannot hold it.")
        return value


Note = Field("", description="Free text kept in the trail.")


class Acknowledge(Input):
    method: str = Field("email", max_length=30, description="How it was acknowledged.")
    note: str = Note


class Triage(Input):
    is_complaint: bool = Field(
        ...,
        description=(
            "Whether it is a complaint: dissatisfaction where a response is expected, whether "
            "justified or not. False closes it as other feedback (reason `not_a_complaint`)."
        ),
    )
    reason: str = Field(
        ...,
        min_length=1,
        description=("Why; kept in the trail, and sent to the sender when it is not a complaint."),
    )
    device_deficiency: bool | None = Field(
        None, description=("Medical devices (FDA 820.198): does it allege a device deficiency?")
    )


class Assess(Input):
    severity: int = Field(..., ge=1, le=ASSESSMENT_SCALES["severity"])
    safety_implication: bool
    complexity: int = Field(..., ge=1, le=ASSESSMENT_SCALES["complexity"])
    impact: int = Field(..., ge=1, le=ASSESSMENT_SCALES["impact"])
    immediate_action_needed: bool
    note: str = Note
    product: str = Field(
        "",
        max_length=300,
        description=(
            "Only when the complaint came without it (e-mail, import): the product or service."
        ),
    )
    remedy_sought: str = Field(
        "",
        description=(
            "Only when the complaint came without it: what the complainant would like done, "
            'or "not stated".'
        ),
    )


class Assign(Input):
    assignee: str = Field(..., description="Username of a handler not involved in it.")
    note: str = Note


class Investigate(Input):
    plan: str = Note


class AwaitComplainant(Input):
    question: str = Field(..., description="What the complainant is asked.")


class Resume(Input):
    note: str = Note


class RemedyIn(Input):
    kind: RemedyKind
    description: str = ""
    amount: Decimal | None = Field(None, description="Required for refund and compensation.")
    currency: str = Field("", description="ISO 4217 code, required with an amount.")


class Decide(Input):
    outcome: Outcome
    reasons: str = Field(..., description="Reasons given to the complainant (7.7).")
    remedies: list[RemedyIn] = Field(default_factory=list)


class CommunicateDecision(Input):
    method: str = Field(
        "email", max_length=30, description="`email` also sends the decision letter."
    )
    message: str = Field("", description="A personal message added to the letter.")


class Accept(Input):
    """Staff record the complainant's acceptance, and how it reached them."""

    channel: str = Field("phone", max_length=30)
    in_writing: bool = False
    note: str = Note


class Reject(Input):
    """Staff record the complainant's rejection, and how it reached them."""

    reason: str = Field("", description="Why the complainant rejects the decision.")
    channel: str = Field("phone", max_length=30)
    in_writing: bool = False


class Escalate(Input):
    reviewer: str = Field(
        ...,
        description="Username of a complaints manager who did not "
        "decide it before and is not involved.",
    )
    reason: str


class ReferExternally(Input):
    body: int = Field(
        ...,
        description="Id of one of the organisation's external bodies (ombudsman, ADR), "
        "as its how-to-complain page lists them.",
    )
    case_reference: str = ""
    note: str = Note


class CarryOutRemedy(Input):
    remedy: int = Field(..., description="Remedy id (see `decisions[].remedies[].id`).")
    evidence: str


class WaiveRemedy(Input):
    remedy: int = Field(..., description="Remedy id (see `decisions[].remedies[].id`).")
    reason: str


class Classify(Input):
    category: int = Field(..., description="Id of a category in use.")


class Close(Input):
    reason: Literal[tuple(r.value for r in CLOSURE_REASONS)] | None = Field(  # type: ignore[valid-type]
        None, description="Defaults from the state (accepted → accepted_resolved, …)."
    )
    note: str = Note


class Reopen(Input):
    reason: str


class Withdraw(Input):
    reason: str = ""


class Merge(Input):
    into: str = Field(..., description="Reference of the complaint that carries on.")
    reason: str = ""


class AddCorrespondence(Input):
    direction: Literal["in", "out"] = "in"
    channel: str = Field("email", max_length=16)
    sender: str = Field("", max_length=300)
    subject: str = Field("", max_length=300)
    body: str

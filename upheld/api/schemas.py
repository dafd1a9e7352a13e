"""Request and response bodies of the complaints API (ISO 10002 7.2 record, 8.1 trail)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from upheld.complaints.models import (
    Channel,
    ClosureReason,
    ComplainantAnswer,
    EventKind,
    Outcome,
    Priority,
    RemedyKind,
    RemedyState,
    Status,
)
from upheld.complaints.moves.inputs import Input
from upheld.core import input_policy
from upheld.deadlines.regimes import Regime

PRIORITY = Field(
    ...,
    description="ISO 10002 7.5, from the assessment: "
    + ", ".join(f"{p.value} {p.name.lower()}" for p in Priority)
    + " (lower is sooner); null until assessed.",
)


class PersonIn(Input):
    """A complainant or representative (ISO 10002 7.2). Give at least one way to reach a
    complainant: e-mail, telephone or postal address."""

    name: str = Field("", max_length=200)
    organisation: str = Field("", max_length=200)
    email: str = Field("", max_length=254, description="E-mail address.")
    phone: str = Field("", max_length=40)
    postal_address: str = ""
    preferred_language: str = Field(
        "", description="Language code, e.g. `en` or `es`; messages to the complainant use it."
    )
    accessibility_needs: str = ""


class ComplaintIn(Input):
    """A complaint received through the API (channel `api`; ISO 10002 7.2)."""

    description: str = Field(..., description="What went wrong, in the complainant's words.")
    complainant: PersonIn
    representative: PersonIn | None = Field(
        None, description="Someone acting for the complainant (needs representative_authority)."
    )
    representative_authority: str = ""
    # ISO 10002 7.2 (capability 9): a complaint taken from a person who can be asked states
    # the product or service and the remedy sought; "not stated" when they would not say.
    product: str = Field(
        ..., min_length=1, max_length=300, description="Product or service concerned."
    )
    remedy_sought: str = Field(
        ...,
        min_length=1,
        description=('What the complainant would like done; "not stated" when they did not say.'),
    )
    immediate_action: str = Field("", description="Immediate action already taken.")
    people_involved: str = Field("", description="People or unit involved, as told.")
    occurred_on: date | None = None
    category: int | None = Field(
        None, ge=1, le=input_policy.INT_MAX, description="Id of a category in use."
    )
    involved_users: list[str] = Field(
        default_factory=list,
        description="Usernames of staff named in the complaint; they may not investigate or "
        "decide it (ISO 10002 4.5).",
    )
    external_reference: str = Field("", max_length=100)
    received_at: datetime | None = Field(
        None, description="When it really arrived, if earlier than now (never in the future)."
    )
    acknowledge: bool = Field(True, description="Send the 7.4 acknowledgement by e-mail.")


class ComplaintCreated(Schema):
    reference: str
    status: Status
    received_at: datetime
    response_due_at: datetime | None
    secret: str = Field(
        ...,
        description=(
            "The complainant's private tracking secret. It is returned ONLY in this create "
            "response (and in an idempotent replay of it): Upheld stores it hashed and can never "
            "show it again. Give it to the complainant."
        ),
    )
    tracking_url: str = Field(
        ...,
        description="Where the complainant follows the complaint "
        "(contains the secret; shown only here).",
    )


class ClockOut(Schema):
    """A time limit of the complaint (ISO 10002 7.3; deadlines): when it started, when it is
    due, and where it stands now."""

    key: str = Field(..., description="The rule it follows, e.g. final_response, mdr_report.")
    title: str
    regime: Regime
    cycle: int = Field(..., description="0, or how many times the complaint had been reopened.")
    unit: Literal["calendar_days", "business_days", "working_hours"]
    amount: int
    binding: bool = Field(..., description="False for a window that only closes (DISP 1.5).")
    started_at: datetime
    due_at: datetime
    paused_at: datetime | None
    stopped_at: datetime | None
    stopped_by: str = Field(..., description="The move that stopped it; empty while it runs.")
    state: Literal["running", "paused", "met", "missed"]
    seconds_left: int | None = Field(..., description="Until it is due, while it runs in time.")
    seconds_late: int | None = Field(..., description="Past its due instant, if it is.")


class TaskOut(Schema):
    """A piece of the investigation given to someone (ISO 10002 7.7; the add-task move)."""

    id: int = Field(..., description="Its number, for the complete-task move.")
    title: str
    owner: str = Field(..., description="Who it is given to (username).")
    due_on: date = Field(..., description="A working day of the complaint's calendar.")
    state: Literal["open", "done"]
    created_at: datetime
    done_at: datetime | None
    outcome: str = Field(..., description="What was found, once done.")


class PersonOut(Schema):
    name: str
    organisation: str
    email: str
    phone: str
    postal_address: str
    preferred_language: str
    accessibility_needs: str


class CategoryOut(Schema):
    id: int
    name: str
    path: str = Field(..., description="Full name with its parents, e.g. `Billing › Refunds`.")


class RemedyOut(Schema):
    id: int
    kind: RemedyKind
    description: str
    amount: Decimal | None
    currency: str
    state: RemedyState
    state_note: str


class DecisionOut(Schema):
    id: int
    level: int = Field(..., description="0 = first decision, 1+ = internal review levels.")
    outcome: Outcome
    reasons: str
    decided_by: str
    decided_at: datetime
    communicated_at: datetime | None
    remedies: list[RemedyOut]


class EventOut(Schema):
    """One trail entry (ISO 10002 4.9, 8.1), hash-chained to the one before."""

    seq: int
    kind: EventKind
    actor: str
    at: datetime
    data: dict
    public: bool = Field(..., description="Whether the complainant may see it.")


class ComplaintOut(Schema):
    """The complaint record (ISO 10002 7.2, Annex D) with its trail and the moves open now."""

    reference: str
    status: Status
    channel: Channel
    received_at: datetime
    received_by: str | None
    external_reference: str
    complainant: PersonOut
    representative: PersonOut | None
    representative_authority: str
    product: str
    description: str
    occurred_on: date | None
    remedy_sought: str
    immediate_action: str
    people_involved: str
    involved_users: list[str]
    category: CategoryOut | None
    assignee: str | None
    priority: Priority | None = PRIORITY
    severity: int | None
    safety_implication: bool | None
    complexity: int | None
    impact: int | None
    immediate_action_needed: bool | None
    escalation_level: int
    complainant_answer: ComplainantAnswer | None = Field(
        ..., description="The complainant's answer to the decision (7.9); null until answered."
    )
    closure_reason: ClosureReason | None = Field(..., description="Null while open.")
    merged_into: str | None
    acknowledged_at: datetime | None
    assessed_at: datetime | None
    investigation_started_at: datetime | None
    decided_at: datetime | None
    decision_communicated_at: datetime | None
    answered_at: datetime | None
    closed_at: datetime | None
    response_due_at: datetime | None = Field(
        ..., description="What the complainant is promised: the due instant of the final response."
    )
    regime: Regime = Field(..., description="The regime whose time limits apply (capability 56).")
    next_due_at: datetime | None = Field(
        ..., description="The soonest due instant of the running clocks; null when none runs."
    )
    clocks: list[ClockOut] = Field(
        ..., description="Every clock the complaint carries, oldest first."
    )
    tasks: list[TaskOut] = Field(..., description="The investigation's tasks, soonest due first.")
    decisions: list[DecisionOut]
    allowed_moves: list[str] = Field(
        ...,
        description=(
            "Actions the state allows now (hyphenated, as in the action URLs). Stage gates and "
            "the caller's permissions are checked when the action is tried."
        ),
    )
    trail: list[EventOut] | None = Field(
        None,
        description=(
            "The full trail, oldest first. `null` when the caller lacks "
            "complaints.view_trail: the record is shown without it."
        ),
    )


class ComplaintSummary(Schema):
    reference: str
    status: Status
    channel: Channel
    received_at: datetime
    complainant: str
    product: str
    category: CategoryOut | None
    assignee: str | None
    priority: Priority | None = PRIORITY
    response_due_at: datetime | None
    regime: Regime
    next_due_at: datetime | None

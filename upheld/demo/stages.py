"""Walk demo complaints through the lifecycle (ISO 10002 7.4–7.9) into varied stages.

Every step is a real lifecycle move by a person in the right role, so the trail, the
milestones and the stage gates are exactly what live use would produce.
"""

from decimal import Decimal

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.models import Complaint
from upheld.organisation.models import ExternalBody

from .sample import SampleRow
from .staff import Cast

# One complaint in each slot, in turn: most are still being handled, some are finished.
STAGE_CYCLE = (
    "received",
    "acknowledged",
    "assessed",
    "investigating",
    "closed",
    "awaiting_complainant",
    "acknowledged",
    "decided",
    "investigating",
    "decision_communicated",
    "accepted",
    "closed",
    "rejected",
    "escalated",
    "referred_externally",
    "assessed",
    "withdrawn",
    "investigating",
    "merged",
    "closed",
)

# What each stage needs before it (the path through the lifecycle).
PATH = {
    "received": [],
    "acknowledged": ["acknowledge"],
    "assessed": ["acknowledge", "classify", "assess"],
    "investigating": ["acknowledge", "classify", "assess", "assign", "investigate"],
    "awaiting_complainant": [
        "acknowledge",
        "classify",
        "assess",
        "assign",
        "investigate",
        "await_complainant",
    ],
    "withdrawn": ["acknowledge", "withdraw"],
    "merged": ["acknowledge", "merge"],
}
_DECIDED = ["acknowledge", "classify", "assess", "assign", "investigate", "decide"]
PATH.update(
    {
        "decided": _DECIDED,
        "decision_communicated": [*_DECIDED, "communicate_decision"],
        "accepted": [*_DECIDED, "communicate_decision", "accept"],
        "rejected": [*_DECIDED, "communicate_decision", "reject"],
        "escalated": [*_DECIDED, "communicate_decision", "reject", "escalate"],
        "referred_externally": [*_DECIDED, "communicate_decision", "reject", "refer_externally"],
        "closed": [*_DECIDED, "communicate_decision", "accept", "carry_out_remedies", "close"],
    }
)


def stage_for(index: int) -> str:
    return STAGE_CYCLE[index % len(STAGE_CYCLE)]


def decision_for(row: SampleRow, index: int) -> dict:
    """Outcome and remedies follow what the company really answered the CFPB."""
    topic = row.issue.lower() or "the matter raised"
    if row.company_response == "Closed with monetary relief":
        amount = Decimal(25 * (1 + index % 12))
        return {
            "outcome": "upheld",
            "reasons": f"Our records confirm the problem with {topic}; we got it wrong.",
            "remedies": [
                {"kind": "apology", "description": "Written apology."},
                {
                    "kind": "refund",
                    "description": "Refund of the charges and interest.",
                    "amount": amount,
                    "currency": "GBP",
                },
            ],
        }
    if row.company_response == "Closed with non-monetary relief":
        return {
            "outcome": "partly_upheld",
            "reasons": f"Part of the complaint about {topic} is right: our records "
            "were not accurate. The rest was handled as agreed.",
            "remedies": [
                {"kind": "correction", "description": "Correct our records."},
                {"kind": "apology", "description": "Apology for the error."},
            ],
        }
    return {
        "outcome": "not_upheld",
        "reasons": f"We reviewed the account history about {topic} and found it was "
        "handled in line with the terms and conditions.",
        "remedies": [
            {"kind": "explanation", "description": "Explain how the account was handled."}
        ],
    }


class Walker:
    """Makes the moves of one stage's path on one complaint."""

    def __init__(self, cast: Cast, categories: dict):
        self.cast = cast
        self.categories = categories
        self.last_open: str | None = None

    def walk(self, complaint: Complaint, row: SampleRow, index: int) -> str:
        stage = stage_for(index)
        if stage == "merged" and self.last_open is None:
            stage = "acknowledged"
        handler = self.cast.handlers[index % len(self.cast.handlers)]
        for step in PATH[stage]:
            getattr(self, step)(complaint, row, index, handler)
        if stage not in ("withdrawn", "merged", "closed"):
            self.last_open = complaint.reference
        return stage

    # Each step: (complaint, row, index, handler) → a lifecycle move.

    def acknowledge(self, c, row, i, handler):
        lifecycle.acknowledge(
            c, by=SYSTEM, method="letter", note="Demo data: acknowledged by letter."
        )

    def classify(self, c, row, i, handler):
        lifecycle.classify(c, by=handler, category=self.categories[(row.product, row.issue)])

    def assess(self, c, row, i, handler):
        lifecycle.assess(
            c,
            by=handler,
            severity=1 + i % 4,
            safety_implication=i % 23 == 0,
            complexity=1 + i % 3,
            impact=1 + (i // 3) % 3,
            immediate_action_needed=i % 11 == 0,
        )

    def assign(self, c, row, i, handler):
        lifecycle.assign(c, by=self.cast.manager, assignee=handler)

    def investigate(self, c, row, i, handler):
        lifecycle.investigate(c, by=handler, plan="Review the account history and call notes.")

    def await_complainant(self, c, row, i, handler):
        lifecycle.await_complainant(
            c,
            by=handler,
            question="Please send the statement that "
            "shows the transaction you are complaining about.",
        )

    def decide(self, c, row, i, handler):
        lifecycle.decide(c, by=handler, **decision_for(row, i))

    def communicate_decision(self, c, row, i, handler):
        lifecycle.communicate_decision(c, by=handler, method="letter")

    def accept(self, c, row, i, handler):
        lifecycle.accept(c, by=COMPLAINANT, channel="letter")

    def reject(self, c, row, i, handler):
        lifecycle.reject(
            c, by=COMPLAINANT, channel="letter", reason="I do not agree with the decision."
        )

    def escalate(self, c, row, i, handler):
        lifecycle.escalate(
            c,
            by=self.cast.manager,
            reviewer=self.cast.manager,
            reason="The complainant rejected the decision; internal review.",
        )

    def refer_externally(self, c, row, i, handler):
        # The organisation's ombudsman (its page names it); made here if the demo
        # organisation does not list it yet.
        ombudsman, _ = ExternalBody.objects.get_or_create(name="Financial Ombudsman Service")
        lifecycle.refer_externally(
            c,
            by=handler,
            body=ombudsman,
            case_reference=f"FOS-DEMO-{row.complaint_id}",
        )

    def carry_out_remedies(self, c, row, i, handler):
        decision = lifecycle.current_decision(c)
        for remedy in decision.remedies.order_by("pk"):
            lifecycle.carry_out_remedy(
                c, by=handler, remedy=remedy.pk, evidence=f"Done: {remedy.description}"
            )

    def close(self, c, row, i, handler):
        lifecycle.close(c, by=handler)

    def withdraw(self, c, row, i, handler):
        lifecycle.withdraw(c, by=COMPLAINANT, reason="The bank sorted it out on the phone.")

    def merge(self, c, row, i, handler):
        lifecycle.merge(
            c,
            by=self.cast.manager,
            into=self.last_open,
            reason="Demo: recorded twice; handled as one complaint.",
        )

"""Bring a complaint to any state of ISO 10002 clause 7 through the real moves.
Nothing here sets a state field: every step is a call to `upheld.complaints.lifecycle`, so a
complaint the helper hands over got where it is exactly as one would in production.
"""

from dataclasses import dataclass, field
from datetime import date

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.models import Complaint, Remedy, RemedyState, Status, Task, TaskState
from upheld.organisation.models import ExternalBody

S = Status

RECEIPT = {
    "channel": "web",
    "description": "I was charged twice for the same order.",
    "complainant": {"name": "Ada Lovelace", "email": "ada@example.org"},
    "product": "Current account",
    "remedy_sought": "Refund the second charge.",
}
ASSESSMENT = {
    "severity": 2,
    "safety_implication": False,
    "complexity": 2,
    "impact": 1,
    "immediate_action_needed": False,
}
REMEDIES = [
    {"kind": "apology", "description": "We are sorry for the double charge."},
    {"kind": "refund", "description": "The second charge", "amount": "25.00", "currency": "gbp"},
]
REASONS = "The order was charged twice by our payment provider."


def ombudsman() -> ExternalBody:
    """The external body the organisation names on its how-to-complain page (ISO 10003)."""
    body, _ = ExternalBody.objects.get_or_create(name="Financial Ombudsman Service")
    return body


@dataclass
class Cast:
    """The people of ISO 10002 5.3 who move a complaint along."""

    handler: object  # assigned to investigate and decide
    manager: object  # the complaints manager (5.3.2)
    reviewer: object  # a more senior manager for internal review
    category: object
    receipts: int = field(default=0)

    def receive(self, **overrides) -> Complaint:
        self.receipts += 1
        return lifecycle.receive(**{**RECEIPT, **overrides})

    def bring_to(self, state: str, **receipt) -> Complaint:
        """A complaint in `state`, reached by the usual path from receipt."""
        if state == S.RECEIVED:
            return self.receive(**receipt)
        before, step = self._steps()[state]
        return step(self.bring_to(before, **receipt))

    def _steps(self) -> dict:
        h, m = self.handler, self.manager

        def investigate(c):
            c = lifecycle.assign(c, by=m, assignee=h)
            return lifecycle.investigate(c, by=h, plan="Check the payment logs.")

        def close(c):
            c = lifecycle.classify(c, by=h, category=self.category)
            for remedy in pending_remedies(c):
                c = lifecycle.carry_out_remedy(c, by=h, remedy=remedy.pk, evidence="Done.")
            return lifecycle.close(c, by=h)

        return {
            S.ACKNOWLEDGED: (S.RECEIVED, lambda c: lifecycle.acknowledge(c, by=SYSTEM)),
            S.ASSESSED: (S.ACKNOWLEDGED, lambda c: lifecycle.assess(c, by=h, **ASSESSMENT)),
            S.INVESTIGATING: (S.ASSESSED, investigate),
            S.AWAITING_COMPLAINANT: (
                S.INVESTIGATING,
                lambda c: lifecycle.await_complainant(
                    c, by=h, question="Which card did you pay with?"
                ),
            ),
            S.DECIDED: (
                S.INVESTIGATING,
                lambda c: lifecycle.decide(
                    c, by=h, outcome="upheld", reasons=REASONS, remedies=REMEDIES
                ),
            ),
            S.DECISION_COMMUNICATED: (S.DECIDED, lambda c: lifecycle.communicate_decision(c, by=h)),
            S.ACCEPTED: (S.DECISION_COMMUNICATED, lambda c: lifecycle.accept(c, by=COMPLAINANT)),
            S.REJECTED: (
                S.DECISION_COMMUNICATED,
                lambda c: lifecycle.reject(c, by=COMPLAINANT, reason="The refund is too small."),
            ),
            S.ESCALATED: (
                S.REJECTED,
                lambda c: lifecycle.escalate(
                    c, by=m, reviewer=self.reviewer, reason="The complainant asked for review."
                ),
            ),
            S.REFERRED_EXTERNALLY: (
                S.REJECTED,
                lambda c: lifecycle.refer_externally(
                    c, by=h, body=ombudsman(), case_reference="FOS-1"
                ),
            ),
            S.CLOSED: (S.ACCEPTED, close),
            S.WITHDRAWN: (
                S.ACKNOWLEDGED,
                lambda c: lifecycle.withdraw(c, by=COMPLAINANT, reason="Sorted out by the bank."),
            ),
            S.MERGED: (
                S.ACKNOWLEDGED,
                lambda c: lifecycle.merge(
                    c, by=m, into=self.receive(), reason="Same double charge."
                ),
            ),
        }

    def valid_arguments(self, move: str, complaint: Complaint) -> dict:
        """Arguments with which `move` is valid input for `complaint` (state aside)."""
        if move == "route":  # made only when asked for: a team changes who sees what
            return {"team": self.team().pk, "note": "Cards complaints go to Payments."}
        if move == "prioritise":
            return {
                "priority": 2 if complaint.priority == 1 else 1,
                "reason": "The complainant is vulnerable.",
            }
        pending = pending_remedies(complaint)
        remedy = pending[0].pk if pending else 0
        task = open_tasks(complaint)
        return {
            "add_task": {
                "title": "Ask the card scheme for its records.",
                "owner": self.handler,
                "due_in": 5,
            },
            "complete_task": {
                "task": task[0].pk if task else 0,
                "outcome": "The scheme's records show the fee charged twice.",
            },
            "acknowledge": {},
            "triage": {"is_complaint": True, "reason": "Dissatisfied, expects a refund."},
            "assess": ASSESSMENT,
            "assign": {"assignee": self.handler},
            "investigate": {},
            "await_complainant": {"question": "Which card did you pay with?"},
            "resume": {"note": "The complainant answered."},
            "decide": {"outcome": "upheld", "reasons": REASONS, "remedies": REMEDIES},
            "communicate_decision": {},
            "accept": {},
            "reject": {"reason": "Not enough."},
            "escalate": {"reviewer": self.reviewer, "reason": "Asked for review."},
            "refer_externally": {"body": ombudsman()},
            "carry_out_remedy": {"remedy": remedy, "evidence": "Paid on 3 March."},
            "waive_remedy": {"remedy": remedy, "reason": "The complainant declined it."},
            "classify": {"category": self.category},
            "close": {},
            "reopen": {"reason": "The complainant wrote again."},
            "withdraw": {},
            "merge": {"into": _LazyTarget(self)},
            "add_correspondence": {"body": "Here is my bank statement."},
            "anonymise": {"reason": "The retention period ended."},
            "issue_link": {"note": "The complainant lost the acknowledgement."},
            "revoke_link": {"reason": "The link was forwarded to a third party."},
            "request_review": {"reason": "The fee was not the only problem."},
            "choose_contact": {"preference": "email"},
            "choose_regime": {"regime": "fca", "reason": "A regulated current account."},
            "send_holding_response": {
                "reason": "We are waiting for the card scheme's records.",
                "expected_by": date(2030, 1, 31),
            },
            "evaluate_reportability": {
                "reportable": False,
                "rationale": "No death, no serious injury, no malfunction alleged.",
                "aware_on": date(2026, 1, 5),
            },
            "record_mdr_report": {"report": "30_day", "submitted_on": date(2026, 2, 1)},
            "act_on_clock": {"clock": 0},
            "record_letter": {"letter_id": 1, "kind": "decision", "channel": "post"},
            "record_message_failure": {
                "message_id": "<m1@upheld.test>",
                "kind": "decision",
                "to": "ada@example.org",
                "attempts": 5,
                "error": "550 mailbox unavailable",
            },
        }[move]

    def team(self):
        """A team the cast all work in (so routing to it hides nothing from them)."""
        from upheld.organisation.models import Membership, Team

        team, created = Team.objects.get_or_create(name="Payments")
        if created:
            Membership.objects.create(team=team, person=self.handler)
            for person in (self.manager, self.reviewer):
                Membership.objects.create(team=team, person=person, role="manager")
        return team

    def make(self, move: str, complaint: Complaint, by, **overrides) -> Complaint:
        """Make `move` on `complaint` as `by`, with valid arguments unless overridden."""
        kwargs = {**self.valid_arguments(move, complaint), **overrides}
        if isinstance(kwargs.get("into"), _LazyTarget):
            kwargs["into"] = kwargs["into"].resolve()
        return lifecycle.move(move)(complaint, by=by, **kwargs)

    def under(self, regime: str, complaint: Complaint) -> Complaint:
        """The complaint handled under `regime` (chosen by the manager, if it is not)."""
        complaint.refresh_from_db()
        if complaint.regime == regime:
            return complaint
        return lifecycle.choose_regime(
            complaint, by=self.manager, regime=regime, reason="Its regime, for the test."
        )

    def ready_for(self, move: str, complaint: Complaint) -> Complaint:
        """The complaint with what `move` needs beside its state: the regime of a move of
        one regime, the reportable evaluation a report follows."""
        if move in ("evaluate_reportability", "record_mdr_report"):
            complaint = self.under("fda", complaint)
        if move == "send_holding_response":
            complaint = self.under("fca", complaint)
        if move == "record_mdr_report":
            complaint = self.make_reportable(complaint)
        if move == "complete_task" and not open_tasks(complaint):
            complaint = lifecycle.add_task(
                complaint,
                by=self.manager,
                title="Ask the card scheme for its records.",
                owner=self.handler,
                due_in=5,
            )
        return complaint

    def make_reportable(self, complaint: Complaint) -> Complaint:
        """What a report needs first: an evaluation that found the complaint reportable."""
        complaint = self.under("fda", complaint)
        if complaint.mdr_reportable:
            return complaint
        return lifecycle.evaluate_reportability(
            complaint,
            by=self.manager,
            reportable=True,
            event="malfunction",
            rationale="The pump stopped mid-infusion.",
            aware_on=date(2026, 1, 5),
        )


class _LazyTarget:
    """A merge target received only when a merge is really attempted."""

    def __init__(self, cast: Cast):
        self.cast = cast

    def resolve(self) -> Complaint:
        return self.cast.receive(description="The same double charge, reported again.")


def pending_remedies(complaint: Complaint) -> list[Remedy]:
    return list(
        Remedy.objects.filter(decision__complaint=complaint, state=RemedyState.PENDING).order_by(
            "pk"
        )
    )


def open_tasks(complaint: Complaint) -> list[Task]:
    return list(Task.objects.filter(complaint=complaint, state=TaskState.OPEN).order_by("pk"))


def trail(complaint: Complaint) -> list:
    return list(complaint.events.order_by("seq"))


def last_event(complaint: Complaint):
    return complaint.events.order_by("-seq").first()

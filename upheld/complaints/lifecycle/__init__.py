"""THE lifecycle of a complaint (ISO 10002 clause 7): the only code that changes its state.

One function per move. Each move runs in one transaction with the complaint row locked:
it checks the actor's permission, the state and the stage gates, changes the record, appends
to the trail and enqueues what must follow (acknowledgement, decision letter) — all or
nothing. An illegal move raises a domain error (errors.py) saying what is allowed now.

The moves live in a few files by stage of the standard; callers use this package only:
`lifecycle.assess(...)`, `lifecycle.ALLOWED`, `lifecycle.move("assess")`.
"""

from ._machine import ALLOWED, CLOSURE_REASONS, DEFAULT_CLOSURE, MOVES, OPEN, allowed_moves
from .alerts import act_on_clock
from .allocation import prioritise, route
from .closure import close, merge, reopen, withdraw
from .complainant import choose_contact, issue_link, request_review, revoke_link
from .decision import (
    accept,
    carry_out_remedy,
    communicate_decision,
    current_decision,
    decide,
    escalate,
    refer_externally,
    reject,
    waive_remedy,
)
from .handling import add_correspondence, assess, assign, classify, triage
from .investigation import await_complainant, investigate, resume
from .letters import record_letter
from .privacy import anonymise
from .receipt import acknowledge, receive, record_message_failure
from .regimes import choose_regime, evaluate_reportability, record_mdr_report, send_holding_response
from .tasks import add_task, complete_task
from .ways import written_way

__all__ = [
    "ALLOWED",
    "CLOSURE_REASONS",
    "DEFAULT_CLOSURE",
    "MOVES",
    "OPEN",
    "accept",
    "acknowledge",
    "add_task",
    "act_on_clock",
    "anonymise",
    "add_correspondence",
    "allowed_moves",
    "assess",
    "assign",
    "await_complainant",
    "carry_out_remedy",
    "choose_contact",
    "choose_regime",
    "classify",
    "close",
    "communicate_decision",
    "complete_task",
    "current_decision",
    "decide",
    "escalate",
    "evaluate_reportability",
    "investigate",
    "issue_link",
    "merge",
    "move",
    "prioritise",
    "receive",
    "record_mdr_report",
    "record_letter",
    "record_message_failure",
    "refer_externally",
    "reject",
    "reopen",
    "request_review",
    "revoke_link",
    "resume",
    "route",
    "send_holding_response",
    "triage",
    "waive_remedy",
    "withdraw",
    "written_way",
]


def move(name: str):
    """The lifecycle function for a move name (used by the API and pages)."""
    if name not in MOVES:
        raise KeyError(name)
    return globals()[name]

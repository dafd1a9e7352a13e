"""Every move costs a known number of database statements (issue 7, point 8), pinned here
as Saleor and Zulip pin theirs: a change that adds a query to a move, or to receipt, fails
this test and has to say why. The same numbers hold on SQLite and PostgreSQL. Counted after
the look-ups a process keeps (core/lookups.py) are warm, as on a running server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from upheld.complaints import lifecycle, visibility
from upheld.complaints.actors import SYSTEM
from upheld.complaints.permissions import SYSTEM_ONLY
from upheld.complaints.roles import HANDLE
from upheld.core import lookups
from upheld.organisation import training
from upheld.organisation.models import Organisation

from .helpers import RECEIPT, pending_remedies
from .test_permissions import WHERE_ALLOWED

pytestmark = pytest.mark.django_db

# Statements of each move on a complaint in a state that allows it, with valid input,
# counting the savepoint and its release (a test runs inside a transaction; on a server they
# are BEGIN and COMMIT). Most moves: lock and read the complaint, update it, the trail key
# (when the event holds personal data), the trail head, the event, its personal side row.
# A move that starts, stops, pauses or resumes a clock (issue 8) adds: read the complaint's
# open clocks, update them, insert those it starts, and write the complaint's next due
# instant and promised response when they change (lifecycle/timing.py).
QUERIES = {
    "accept": 6,
    "anonymise": 24,  # what the API, the mail intake, the letters keep (signals); notices, tasks
    "acknowledge": 9,
    "add_correspondence": 6,
    "assess": 11,
    "assign": 9,  # the assignee told: their choice read, the notice (no e-mail address)
    "route": 8,
    "prioritise": 9,  # with the impartiality check (4.5), as assess
    "await_complainant": 14,  # and the request for information queued with its job
    "carry_out_remedy": 10,
    "classify": 6,
    "close": 9,
    # and the decision letter written from its template and checked (DISP 1.6.2R, 7.8):
    # the template, the organisation, the settings, the external bodies, the calendar, the
    # decision with its remedies, the letter and its production job
    "communicate_decision": 25,
    "decide": 14,
    "escalate": 13,
    "investigate": 7,
    "merge": 13,
    "receive": 11,
    "record_message_failure": 7,
    "record_letter": 5,  # lock, read, the trail head, the event (nothing personal)
    "refer_externally": 7,
    "reject": 11,
    "reopen": 11,
    "resume": 11,
    "triage": 11,
    "waive_remedy": 10,
    "withdraw": 9,
    "choose_regime": 12,
    "send_holding_response": 21,  # and its letter, written and checked as the decision's
    "evaluate_reportability": 12,
    "record_mdr_report": 8,
    "issue_link": 11,  # the complainant read, the new link's e-mail and its job
    "revoke_link": 8,
    "request_review": 11,  # asked once per rejection (the trail looked at), staff told
    "choose_contact": 7,  # the complainant read and updated
    # the owner's role and reading, the calendar's clock, the task, the owner told
    "add_task": 13,
    # the task read and recorded done, the calendar's clock
    "complete_task": 10,
    "act_on_clock": 4,  # no point due: lock, look, nothing (deadlines tests count a real one)
}


@pytest.fixture(autouse=True)
def _lookups_stay_warm(settings):
    """No re-check of the look-ups' generation during the count (it is once a second
    outside requests, so a slow machine would otherwise count it at random)."""
    settings.UPHELD_LOOKUPS_RECHECK_SECONDS = 3600


def warm(cast) -> None:
    """What a running server keeps: the test's own setup (users, groups) changed watched
    rows in this transaction, which stops keeping anything until it ends; start afresh."""
    Organisation.current()  # made on first use, which counts as a change
    lookups.reset()
    cast.receive(by=cast.handler)  # the organisation, the webhook subscriptions
    training.requirements()  # the training each role requires (assign)
    for person in (cast.handler, cast.manager, cast.reviewer):
        person.has_perm(HANDLE)  # their permission sets
        visibility.rule(person)  # the teams


def count(fn) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("move", sorted(WHERE_ALLOWED))
def test_each_move_makes_a_known_number_of_queries(cast, move):
    c = cast.bring_to(WHERE_ALLOWED[move])
    by = SYSTEM if move in SYSTEM_ONLY else cast.manager
    kwargs = cast.valid_arguments(move, c)
    if move == "close":  # its gates: classified, remedies carried out
        c = lifecycle.classify(c, by=cast.handler, category=cast.category)
        for remedy in pending_remedies(c):
            c = lifecycle.carry_out_remedy(c, by=cast.handler, remedy=remedy.pk, evidence="Done.")
    c = cast.ready_for(move, c)
    if move == "complete_task":  # the task ready_for gave it
        kwargs = cast.valid_arguments(move, c)
    if move == "merge":
        kwargs["into"] = cast.receive(description="The same double charge, reported again.")
    warm(cast)
    statements = count(lambda: lifecycle.move(move)(c, by=by, **kwargs))
    assert len(statements) == QUERIES[move], "\n".join(statements)


def test_receipt_makes_a_known_number_of_queries(cast):
    warm(cast)
    statements = count(lambda: lifecycle.receive(**RECEIPT, by=cast.handler))
    # PostgreSQL: one more, the ids reserved so that the rows are sent without waiting.
    expected = QUERIES["receive"] + (connection.vendor == "postgresql")
    assert len(statements) == expected, "\n".join(statements)


def test_every_move_has_its_number():
    assert set(QUERIES) == set(lifecycle.MOVES)

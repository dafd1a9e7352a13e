"""The complaint page and each form page run a fixed number of queries, whatever the length
of the trail, the number of messages, files, decisions and similar complaints."""

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Status
from upheld.complaints.moves import MOVES

pytestmark = pytest.mark.django_db
S = Status

# session, user, the user's own and role permissions, the complaint with its people,
# decisions, remedies, staff involved, trail; correspondence, files, external referrals,
# similar complaints, the organisation (layout), the teams twice (the visibility rule reads
# them for the complaint and its similar ones), its clocks, the time zone dates are shown in
# (teams and zone: kept in memory on a server, read here as the test's own setup changed
# watched rows), its satisfaction survey with the answers (issue 11). Without a decision, no
# remedies query. Its investigation tasks (7.7) with their owners.
PAGE = 20
PAGE_WITHOUT_DECISIONS = 19


def grow(c, cast, n: int):
    """n more messages with a file each, and n more complaints from the same complainant."""
    for i in range(n):
        lifecycle.add_correspondence(
            c,
            by=COMPLAINANT,
            subject=f"Message {i}",
            body="More.",
            attachments=[IncomingFile(f"f{i}.pdf", b"%PDF-1.4", "application/pdf")],
        )
        cast.receive()


@pytest.mark.parametrize("n", [1, 8])
def test_the_complaint_page(client, manager, cast, complaint_in, django_assert_num_queries, n):
    c = complaint_in(S.REFERRED_EXTERNALLY)
    grow(c, cast, n)
    client.force_login(manager)
    url = reverse("desk:complaint", args=[c.reference])
    client.get(url)
    with django_assert_num_queries(PAGE):
        assert client.get(url).status_code == 200


def test_the_page_of_a_complaint_without_a_decision(
    client, handler, cast, django_assert_num_queries
):
    c = cast.receive()
    grow(c, cast, 3)
    client.force_login(handler)
    url = reverse("desk:complaint", args=[c.reference])
    client.get(url)
    with django_assert_num_queries(PAGE_WITHOUT_DECISIONS):
        assert client.get(url).status_code == 200


# A form page: session, user, permissions (2), the complaint with decisions, remedies and
# staff involved, the organisation (the form's token is signed, not kept in the session:
# web/formtoken.py), the teams (visibility), the time zone dates are shown in; + 1 for the
# choices a form offers (people, bodies, categories, remedies, teams).
FORM = 11
OFFERS = {
    "assign",
    "route",
    "escalate",
    "refer_externally",
    "carry_out_remedy",
    "waive_remedy",
    "classify",
    "add_task",
    "complete_task",
}
STATE_FOR = {
    "acknowledge": S.RECEIVED,
    "triage": S.RECEIVED,
    "assess": S.RECEIVED,
    "assign": S.RECEIVED,
    "route": S.RECEIVED,
    "prioritise": S.RECEIVED,
    "investigate": S.ASSESSED,
    "await_complainant": S.INVESTIGATING,
    "resume": S.AWAITING_COMPLAINANT,
    "decide": S.INVESTIGATING,
    "communicate_decision": S.DECIDED,
    "accept": S.DECISION_COMMUNICATED,
    "reject": S.DECISION_COMMUNICATED,
    "escalate": S.REJECTED,
    "refer_externally": S.REJECTED,
    "carry_out_remedy": S.ACCEPTED,
    "waive_remedy": S.ACCEPTED,
    "classify": S.ACCEPTED,
    "close": S.ACCEPTED,
    "reopen": S.CLOSED,
    "withdraw": S.RECEIVED,
    "merge": S.RECEIVED,
    "add_correspondence": S.RECEIVED,
    "anonymise": S.CLOSED,
    "choose_regime": S.RECEIVED,
    "send_holding_response": S.INVESTIGATING,
    "evaluate_reportability": S.ASSESSED,
    "record_mdr_report": S.INVESTIGATING,
    "issue_link": S.INVESTIGATING,
    "revoke_link": S.INVESTIGATING,
    "request_review": S.REJECTED,
    "choose_contact": S.INVESTIGATING,
    "add_task": S.INVESTIGATING,
    "complete_task": S.INVESTIGATING,
}


def test_every_form_has_a_state_to_be_counted_in():
    assert set(STATE_FOR) == {m.name for m in MOVES.values() if m.input and not m.system_only}


@pytest.mark.parametrize("move", sorted(STATE_FOR))
def test_each_form_page(client, manager, cast, complaint_in, django_assert_num_queries, move):
    c = cast.ready_for(move, complaint_in(STATE_FOR[move]))
    client.force_login(manager)
    url = reverse("desk:move", args=[c.reference, MOVES[move].action])
    client.get(url)
    without_remedies = not c.decisions.exists()
    # classify also offers the three taxonomies (cause, FCA product group, FCA cause): kept
    # per process (no query in production), read here, inside the test's transaction.
    expected = FORM + (move in OFFERS) + 3 * (move == "classify") - without_remedies
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

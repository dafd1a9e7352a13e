"""ISO 10002 7.9 remedies and closure, 8.2 classification, reopening, withdrawal, merging
duplicates and correspondence: each move's effect, and each refusal that applies to it."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import GateNotMet, IllegalMove, InvalidInput, NotPermitted
from upheld.complaints.events import data_of
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import Category, Correspondence, RemedyState, Status

from .helpers import last_event, pending_remedies

pytestmark = pytest.mark.django_db
S = Status


# ---------------------------------------------------------------- remedies


def test_an_accepted_remedy_is_carried_out_with_evidence_the_complainant_sees(
    complaint_in, handler
):
    c = complaint_in(S.ACCEPTED)
    apology, refund = pending_remedies(c)
    c = lifecycle.carry_out_remedy(
        c, by=handler, remedy=refund.pk, evidence="Refunded on 3 March, transfer 8812."
    )
    refund.refresh_from_db()
    assert refund.state == RemedyState.CARRIED_OUT and refund.state_changed_at is not None
    assert refund.state_note == "Refunded on 3 March, transfer 8812."
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("remedy_carried_out", handler, True)
    assert data_of(event) == {
        "remedy_id": refund.pk,
        "kind": "refund",
        "note": "Refunded on 3 March, transfer 8812.",
    }
    assert pending_remedies(c) == [apology]


def test_a_manager_waives_a_remedy_with_the_reason(complaint_in, manager):
    c = complaint_in(S.ACCEPTED)
    apology = pending_remedies(c)[0]
    c = lifecycle.waive_remedy(
        c, by=manager, remedy=apology.pk, reason="The complainant said an apology is not needed."
    )
    apology.refresh_from_db()
    assert apology.state == RemedyState.WAIVED
    assert apology.state_note == "The complainant said an apology is not needed."
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("remedy_waived", manager, False)


@pytest.mark.parametrize(
    ("move", "text_field"), [("carry_out_remedy", "evidence"), ("waive_remedy", "reason")]
)
def test_settling_a_remedy_needs_its_evidence_or_reason(complaint_in, manager, move, text_field):
    c = complaint_in(S.ACCEPTED)
    remedy = pending_remedies(c)[0]
    with pytest.raises(InvalidInput) as refused:
        lifecycle.move(move)(c, by=manager, remedy=remedy.pk, **{text_field: "  "})
    assert list(refused.value.errors) == [text_field]
    assert len(pending_remedies(c)) == 2


def test_only_a_remedy_of_this_complaint_still_pending_can_be_settled(complaint_in, handler):
    c, other = complaint_in(S.ACCEPTED), complaint_in(S.ACCEPTED)
    foreign = pending_remedies(other)[0]
    for remedy in (foreign.pk, 0, "x"):
        with pytest.raises(InvalidInput) as refused:
            lifecycle.carry_out_remedy(c, by=handler, remedy=remedy, evidence="Done")
        assert list(refused.value.errors) == ["remedy"]
    remedy = pending_remedies(c)[0]
    c = lifecycle.carry_out_remedy(c, by=handler, remedy=remedy.pk, evidence="Done")
    with pytest.raises(GateNotMet) as refused:
        lifecycle.carry_out_remedy(c, by=handler, remedy=remedy.pk, evidence="Again")
    assert "already carried_out" in str(refused.value)
    assert c.events.filter(kind="remedy_carried_out").count() == 1


# ---------------------------------------------------------------- 8.2 classify


def test_a_complaint_is_classified_in_the_taxonomy(complaint_in, handler, category):
    fees = Category.objects.create(name="Fees", parent=category)
    c = lifecycle.classify(complaint_in(S.INVESTIGATING), by=handler, category=category)
    c = lifecycle.classify(c, by=handler, category=fees.pk)
    c.refresh_from_db()
    assert c.category == fees
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("classified", handler, False)
    assert data_of(event) == {
        "category_id": fees.pk,
        "category": "Billing › Fees",
        "previous": "Billing",
    }


def test_classification_needs_a_category_in_use(complaint_in, handler):
    retired = Category.objects.create(name="Old products", active=False)
    c = complaint_in(S.ASSESSED)
    for category in (retired, retired.pk, 999999, None):
        with pytest.raises(InvalidInput) as refused:
            lifecycle.classify(c, by=handler, category=category)
        assert list(refused.value.errors) == ["category"]
    c.refresh_from_db()
    assert c.category is None


# ---------------------------------------------------------------- 7.9 close


def test_an_accepted_classified_complaint_with_its_remedies_done_is_closed(complaint_in, handler):
    c = complaint_in(S.CLOSED)
    c.refresh_from_db()
    assert c.status == S.CLOSED and not c.is_open and c.closed_at is not None
    assert c.closure_reason == "accepted_resolved"
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("closed", handler, True)
    # The trail records the state before and after (ISO 10002 8.1).
    assert data_of(event) == {
        "reason": "accepted_resolved",
        "note": "",
        "from": "accepted",
        "to": "closed",
    }


def test_no_closure_while_a_rejection_is_unanswered(complaint_in, handler, category):
    c = lifecycle.classify(complaint_in(S.REJECTED), by=handler, category=category)
    with pytest.raises(IllegalMove) as refused:
        lifecycle.close(c, by=handler)
    message = str(refused.value)
    assert "rejected the decision" in message and "escalate" in message
    assert {"escalate", "refer_externally"} <= set(refused.value.allowed)
    c.refresh_from_db()
    assert c.status == S.REJECTED


def test_no_closure_without_a_classification(complaint_in, handler):
    c = complaint_in(S.ACCEPTED)
    for remedy in pending_remedies(c):
        c = lifecycle.carry_out_remedy(c, by=handler, remedy=remedy.pk, evidence="Done")
    with pytest.raises(GateNotMet) as refused:
        lifecycle.close(c, by=handler)
    assert "not classified" in str(refused.value)
    c.refresh_from_db()
    assert c.status == S.ACCEPTED and c.closed_at is None


def test_no_closure_while_an_accepted_remedy_is_neither_carried_out_nor_waived(
    complaint_in, handler, manager, category
):
    c = lifecycle.classify(complaint_in(S.ACCEPTED), by=handler, category=category)
    apology, refund = pending_remedies(c)
    with pytest.raises(GateNotMet) as refused:
        lifecycle.close(c, by=handler)
    assert f"{apology.pk} (apology), {refund.pk} (refund)" in str(refused.value)
    c = lifecycle.carry_out_remedy(c, by=handler, remedy=refund.pk, evidence="Paid")
    with pytest.raises(GateNotMet) as refused:
        lifecycle.close(c, by=handler)
    assert f"{apology.pk} (apology)" in str(refused.value)
    assert "refund" not in str(refused.value)
    c = lifecycle.waive_remedy(c, by=manager, remedy=apology.pk, reason="Declined")
    assert lifecycle.close(c, by=handler).status == S.CLOSED


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (S.DECISION_COMMUNICATED, "final_response_issued"),
        (S.REFERRED_EXTERNALLY, "referred_externally"),
    ],
)
def test_a_final_response_or_referral_closes_with_its_own_reason(
    complaint_in, manager, category, state, reason
):
    c = lifecycle.classify(complaint_in(state), by=manager, category=category)
    for remedy in pending_remedies(c):
        c = lifecycle.waive_remedy(c, by=manager, remedy=remedy.pk, reason="Not accepted")
    c = lifecycle.close(c, by=manager, note="No answer in 8 weeks.")
    assert (c.status, c.closure_reason) == (S.CLOSED, reason)


@pytest.mark.parametrize(
    ("reason", "error"), [("bored", InvalidInput), ("referred_externally", GateNotMet)]
)
def test_a_closure_reason_must_exist_and_fit_the_state(
    complaint_in, handler, category, reason, error
):
    c = lifecycle.classify(complaint_in(S.ACCEPTED), by=handler, category=category)
    with pytest.raises(error):
        lifecycle.close(c, by=handler, reason=reason)
    c.refresh_from_db()
    assert c.status == S.ACCEPTED


# ---------------------------------------------------------------- reopen / withdraw


def test_a_closed_complaint_is_reopened_and_keeps_its_receipt(complaint_in, manager, handler):
    c = complaint_in(S.CLOSED)
    received = c.received_at
    c = lifecycle.reopen(c, by=manager, reason="The refund never arrived.")
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING and c.assignee == handler and c.is_open
    assert (c.closed_at, c.closure_reason, c.reopened_count) == (None, "", 1)
    assert c.received_at == received
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("reopened", manager, True)
    assert data_of(event) == {
        "from": "closed",
        "to": "investigating",
        "reason": "The refund never arrived.",
    }


def test_a_withdrawn_complaint_reopens_where_it_was_left(complaint_in, manager):
    c = lifecycle.reopen(complaint_in(S.WITHDRAWN), by=manager, reason="Withdrawn by mistake.")
    assert c.status == S.ACKNOWLEDGED


def test_a_complaint_assigned_but_not_yet_investigated_reopens_as_assessed(
    complaint_in, manager, handler
):
    c = lifecycle.assign(complaint_in(S.ASSESSED), by=manager, assignee=handler)
    c = lifecycle.withdraw(c, by=COMPLAINANT)
    c = lifecycle.reopen(c, by=manager, reason="Withdrawn by mistake.")
    assert (c.status, c.assignee, c.investigation_started_at) == (S.ASSESSED, handler, None)


def test_reopening_needs_a_reason(complaint_in, manager):
    c = complaint_in(S.CLOSED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.reopen(c, by=manager, reason="")
    assert list(refused.value.errors) == ["reason"]
    c.refresh_from_db()
    assert c.status == S.CLOSED and c.reopened_count == 0


@pytest.mark.parametrize("state", [S.RECEIVED, S.INVESTIGATING, S.DECISION_COMMUNICATED])
def test_the_complainant_withdraws_an_open_complaint(complaint_in, state):
    c = lifecycle.withdraw(complaint_in(state), by=COMPLAINANT, reason="Sorted out.")
    c.refresh_from_db()
    assert c.status == S.WITHDRAWN and c.closure_reason == "withdrawn"
    assert c.closed_at is not None
    event = last_event(c)
    data = data_of(event)
    told = data.pop("told")  # the handler (or the managers) told: portal/tests
    assert isinstance(told, list)
    assert (event.kind, event.public, data) == (
        "withdrawn",
        True,
        {"reason": "Sorted out.", "from": state, "to": "withdrawn"},
    )


# ---------------------------------------------------------------- merge


def test_a_duplicate_is_merged_and_both_trails_say_so(cast, manager):
    kept, duplicate = cast.receive(), cast.receive()
    c = lifecycle.merge(duplicate, by=manager, into=kept.reference, reason="Same charge.")
    c.refresh_from_db()
    assert c.status == S.MERGED and c.merged_into == kept and c.closure_reason == "merged"
    event = last_event(c)
    assert (event.kind, event.public) == ("merged", True)
    assert data_of(event) == {
        "into": kept.reference,
        "reason": "Same charge.",
        "from": "received",
        "to": "merged",
    }
    mirror = last_event(kept)
    assert (mirror.kind, mirror.actor) == ("duplicate_merged", manager)
    assert data_of(mirror) == {"duplicate": duplicate.reference, "reason": "Same charge."}
    kept.refresh_from_db()
    assert kept.status == S.RECEIVED


def test_a_complaint_is_merged_only_into_another_open_complaint(cast, complaint_in, manager):
    c = cast.receive()
    closed = complaint_in(S.CLOSED)
    for into, says in (
        (c, "into itself"),
        ("CMP-1999-000001", "no complaint"),
        (closed, "merge into an open complaint"),
    ):
        with pytest.raises(InvalidInput) as refused:
            lifecycle.merge(c, by=manager, into=into)
        assert says in refused.value.errors["into"][0]
    c.refresh_from_db()
    assert c.status == S.RECEIVED and c.trail_length == 1


# ---------------------------------------------------------------- correspondence


@pytest.mark.parametrize("state", [S.RECEIVED, S.AWAITING_COMPLAINANT, S.CLOSED, S.MERGED])
def test_what_the_complainant_sends_is_kept_whatever_the_state(complaint_in, state):
    c = complaint_in(state)
    c = lifecycle.add_correspondence(
        c,
        by=COMPLAINANT,
        channel="email",
        sender="ada@example.org",
        subject="Statement",
        body="Attached.",
        attachments=[IncomingFile("statement.pdf", b"%PDF-1.4")],
        external_id="<m1@example.org>",
    )
    c.refresh_from_db()
    # What we waited for has come: handling goes on (7.6); otherwise the state stays.
    assert c.status == (S.INVESTIGATING if state == S.AWAITING_COMPLAINANT else state)
    [item] = Correspondence.objects.filter(complaint=c)
    assert (item.direction, item.subject, item.body) == ("in", "Statement", "Attached.")
    assert item.attachments.get().filename == "statement.pdf"
    event = c.events.get(kind="correspondence_in")
    assert (event.kind, event.public) == ("correspondence_in", True)
    assert data_of(event)["correspondence_id"] == item.pk
    assert data_of(event)["attachments"][0]["filename"] == "statement.pdf"


def test_staff_record_a_message_sent_to_the_complainant(complaint_in, handler):
    c = lifecycle.add_correspondence(
        complaint_in(S.INVESTIGATING),
        by=handler,
        direction="out",
        channel="letter",
        body="We wrote.",
    )
    assert last_event(c).kind == "correspondence_out"
    assert last_event(c).actor == handler


def test_correspondence_needs_a_direction_and_some_content(complaint_in, handler):
    c = complaint_in(S.INVESTIGATING)
    for arguments, field in (
        ({"direction": "sideways", "body": "x"}, "direction"),
        ({"body": "  "}, "body"),
    ):
        with pytest.raises(InvalidInput) as refused:
            lifecycle.add_correspondence(c, by=handler, **arguments)
        assert list(refused.value.errors) == [field]
    assert not Correspondence.objects.exists()


def test_only_staff_record_messages_sent_out(complaint_in):
    c = complaint_in(S.INVESTIGATING)
    with pytest.raises(NotPermitted):
        lifecycle.add_correspondence(c, by=COMPLAINANT, direction="out", body="Pretend reply")
    assert not Correspondence.objects.exists()


def test_a_remedy_of_a_decision_the_review_replaced_is_not_carried_out(
    cast, complaint_in, handler, senior_manager
):
    c = complaint_in(S.ESCALATED)
    replaced = pending_remedies(c)
    c = lifecycle.decide(
        c,
        by=senior_manager,
        outcome="partly_upheld",
        reasons="On review: the fee is refunded, the rest stands.",
        remedies=[{"kind": "refund", "amount": "12.50", "currency": "GBP"}],
    )
    [in_force] = [r for r in pending_remedies(c) if r not in replaced]
    for move, text in (
        ("carry_out_remedy", {"evidence": "Paid."}),
        ("waive_remedy", {"reason": "Not needed."}),
    ):
        with pytest.raises(GateNotMet) as refused:
            lifecycle.move(move)(c, by=senior_manager, remedy=replaced[0].pk, **text)
        assert "replaced" in str(refused.value)
    c = lifecycle.carry_out_remedy(c, by=handler, remedy=in_force.pk, evidence="Paid.")
    in_force.refresh_from_db()
    assert in_force.state == RemedyState.CARRIED_OUT
    assert all(r.state == RemedyState.PENDING for r in replaced), "left as they were"

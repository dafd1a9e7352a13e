"""ISO 10002 clause 3 (and DISP's definition): a complaint is an expression of
dissatisfaction where a response is expected, whether justified or not. Staff decide
whether what came in is one, with the reason and their name kept; other feedback leaves
the process, its sender is told why and how to make it a complaint, and it can come back."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.errors import ConflictOfInterest, IllegalMove, InvalidInput, NotPermitted
from upheld.complaints.events import data_of
from upheld.complaints.models import Status, Triage
from upheld.notify.delivery import render
from upheld.notify.models import Message

from .helpers import ASSESSMENT, last_event

pytestmark = pytest.mark.django_db
S = Status
COMPLIMENT = "A compliment on the branch staff; no response is asked for."


def test_staff_decide_it_is_a_complaint_with_the_reason_kept(complaint_in, handler):
    c = complaint_in(S.ACKNOWLEDGED)
    c = lifecycle.triage(
        c, by=handler, is_complaint=True, reason="Unhappy with the fee and wants it back."
    )
    c.refresh_from_db()
    assert (c.triage, c.status) == (Triage.COMPLAINT, S.ACKNOWLEDGED)
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("triaged", handler, False)
    assert data_of(event) == {
        "is_complaint": True,
        "device_deficiency": None,
        "reason": "Unhappy with the fee and wants it back.",
    }


def test_other_feedback_leaves_the_process_and_its_sender_is_told_why(complaint_in, handler):
    c = complaint_in(S.RECEIVED)
    c = lifecycle.triage(c, by=handler, is_complaint=False, reason=COMPLIMENT)
    c.refresh_from_db()
    assert (c.triage, c.status, c.closure_reason) == (
        Triage.NOT_A_COMPLAINT,
        S.CLOSED,
        "not_a_complaint",
    )
    assert c.closed_at is not None
    event = last_event(c)
    assert (event.kind, event.public, data_of(event)["reason"]) == ("triaged", True, COMPLIMENT)
    subject, body = render(Message.objects.get(complaint=c, kind="not_a_complaint"))
    assert COMPLIMENT in body and c.reference in subject
    assert "whether or not we turn out to agree with you" in body


def test_the_triage_needs_a_reason_and_a_yes_or_no(complaint_in, handler):
    c = complaint_in(S.RECEIVED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.triage(
            c, by=handler, is_complaint="maybe", reason="  ", device_deficiency="perhaps"
        )
    assert set(refused.value.errors) == {"is_complaint", "reason", "device_deficiency"}
    c.refresh_from_db()
    assert (c.triage, c.status) == ("", S.RECEIVED)
    assert not c.events.filter(kind="triaged").exists()


def test_whether_it_alleges_a_device_deficiency_is_recorded_when_asked(complaint_in, handler):
    c = complaint_in(S.RECEIVED)
    c = lifecycle.triage(
        c,
        by=handler,
        is_complaint=True,
        device_deficiency=True,
        reason="The infusion pump stopped during use.",
    )
    c.refresh_from_db()
    assert c.device_deficiency is True
    assert data_of(last_event(c))["device_deficiency"] is True


def test_assessing_it_treats_it_as_a_complaint_decided_by_the_assessor(complaint_in, handler):
    c = complaint_in(S.ACKNOWLEDGED)
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c.refresh_from_db()
    assert c.triage == Triage.COMPLAINT
    event = last_event(c)
    assert (event.kind, event.actor, data_of(event)["triage"]) == ("assessed", handler, "complaint")


def test_once_assessed_it_is_no_longer_triaged(complaint_in, handler):
    c = complaint_in(S.ASSESSED)
    with pytest.raises(IllegalMove):
        lifecycle.triage(c, by=handler, is_complaint=False, reason=COMPLIMENT)
    c.refresh_from_db()
    assert c.status == S.ASSESSED


@pytest.mark.parametrize("who", [SYSTEM, COMPLAINANT])
def test_only_staff_triage(complaint_in, who):
    c = complaint_in(S.RECEIVED)
    with pytest.raises(NotPermitted):
        lifecycle.triage(c, by=who, is_complaint=False, reason=COMPLIMENT)


def test_a_person_involved_in_the_complaint_cannot_triage_it(cast, handler):
    c = cast.receive(by=cast.manager, involved_users=[handler])
    with pytest.raises(ConflictOfInterest):
        lifecycle.triage(c, by=handler, is_complaint=False, reason=COMPLIMENT)
    c.refresh_from_db()
    assert c.status == S.RECEIVED


def test_feedback_reopened_as_a_complaint_is_decided_again(complaint_in, handler, manager):
    c = complaint_in(S.ACKNOWLEDGED)
    c = lifecycle.triage(c, by=handler, is_complaint=False, reason=COMPLIMENT)
    c = lifecycle.reopen(c, by=manager, reason="The customer wrote back: they want a refund.")
    c.refresh_from_db()
    assert (c.status, c.triage, c.closure_reason) == (S.ACKNOWLEDGED, "", "")
    c = lifecycle.triage(c, by=handler, is_complaint=True, reason="Wants a refund.")
    assert c.triage == Triage.COMPLAINT
    assert [e.kind for e in c.events.all()][-3:] == ["triaged", "reopened", "triaged"]

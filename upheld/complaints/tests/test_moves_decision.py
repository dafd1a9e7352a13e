"""ISO 10002 7.7 decision, 7.8 communicating it, 7.9 the complainant's answer, internal
review and external referral: each move's effect, and each refusal that applies to it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.errors import ConflictOfInterest, GateNotMet, InvalidInput, NotPermitted
from upheld.complaints.events import data_of
from upheld.complaints.models import Decision, ExternalReferral, RemedyState, Status
from upheld.notify.models import Message

from .helpers import ASSESSMENT, REASONS, REMEDIES, last_event, ombudsman

pytestmark = pytest.mark.django_db
S = Status


# ---------------------------------------------------------------- 7.7 decide


@pytest.mark.parametrize("outcome", ["upheld", "partly_upheld", "not_upheld"])
def test_the_handler_decides_with_reasons_and_remedies(complaint_in, handler, outcome):
    c = complaint_in(S.INVESTIGATING)
    before = timezone.now()
    c = lifecycle.decide(
        c, by=handler, outcome=outcome, reasons=f"  {REASONS}\n", remedies=REMEDIES
    )
    c.refresh_from_db()
    assert c.status == S.DECIDED and before <= c.decided_at <= timezone.now()
    [decision] = c.decisions.all()
    assert (decision.level, decision.outcome, decision.reasons) == (0, outcome, REASONS)
    assert decision.decided_by == handler and decision.communicated_at is None
    apology, refund = decision.remedies.all()
    assert (apology.kind, apology.amount, apology.currency) == ("apology", None, "")
    assert (refund.kind, refund.amount, refund.currency) == ("refund", Decimal("25.00"), "GBP")
    assert {apology.state, refund.state} == {RemedyState.PENDING}
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("decided", handler, False)
    assert data_of(event)["outcome"] == outcome and data_of(event)["reasons"] == REASONS
    assert [r["kind"] for r in data_of(event)["remedies"]] == ["apology", "refund"]
    assert data_of(event)["remedies"][1]["amount"] == "25.00"


@pytest.mark.parametrize(
    ("arguments", "fields"),
    [
        ({"outcome": "maybe"}, ["outcome"]),
        ({"reasons": ""}, ["reasons"]),
        ({"reasons": "  \n"}, ["reasons"]),
        ({"outcome": "", "reasons": ""}, ["outcome", "reasons"]),
        ({"remedies": [{"kind": "hug"}]}, ["remedies.0.kind"]),
        (
            {"remedies": [{"kind": "apology"}, {"kind": "refund", "currency": "GBP"}]},
            ["remedies.1.amount"],
        ),
        (
            {"remedies": [{"kind": "compensation", "amount": "-5", "currency": "EUR"}]},
            ["remedies.0.amount"],
        ),
        (
            {"remedies": [{"kind": "refund", "amount": "ten", "currency": "EUR"}]},
            ["remedies.0.amount"],
        ),
        ({"remedies": [{"kind": "refund", "amount": "10"}]}, ["remedies.0.currency"]),
        (
            {"remedies": [{"kind": "refund", "amount": "10", "currency": "€"}]},
            ["remedies.0.currency"],
        ),
        (
            {"remedies": [{"kind": "refund", "amount": "Infinity", "currency": "EUR"}]},
            ["remedies.0.amount"],
        ),
        (
            {"remedies": [{"kind": "refund", "amount": "0.001", "currency": "EUR"}]},
            ["remedies.0.amount"],
        ),
        (
            {"remedies": [{"kind": "refund", "amount": "12345678901", "currency": "EUR"}]},
            ["remedies.0.amount"],
        ),
    ],
)
def test_a_decision_needs_an_outcome_reasons_and_well_formed_remedies(
    complaint_in, handler, arguments, fields
):
    c = complaint_in(S.INVESTIGATING)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.decide(c, by=handler, **{"outcome": "upheld", "reasons": REASONS, **arguments})
    assert list(refused.value.errors) == fields
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING and c.decided_at is None
    assert not Decision.objects.exists()


def test_a_person_involved_in_the_complaint_cannot_decide_it(cast, manager, handler):
    c = cast.receive(by=handler, involved_users=[manager])
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.investigate(c, by=handler)
    with pytest.raises(ConflictOfInterest):
        lifecycle.decide(c, by=manager, outcome="upheld", reasons=REASONS)
    assert not Decision.objects.exists()


def test_only_the_assigned_handler_or_a_manager_decides(complaint_in, other_handler, manager):
    c = complaint_in(S.INVESTIGATING)
    with pytest.raises(NotPermitted) as refused:
        lifecycle.decide(c, by=other_handler, outcome="upheld", reasons=REASONS)
    assert "assigned to handler" in str(refused.value)
    c = lifecycle.decide(c, by=manager, outcome="not_upheld", reasons=REASONS)
    assert c.decisions.get().decided_by == manager


def test_the_reviewer_decides_the_internal_review_at_the_next_level(complaint_in, cast):
    c = complaint_in(S.ESCALATED)
    c = lifecycle.decide(
        c,
        by=cast.reviewer,
        outcome="partly_upheld",
        reasons="On review, the refund should include the fee.",
        remedies=[{"kind": "refund", "amount": "30", "currency": "GBP"}],
    )
    first, review = c.decisions.order_by("level")
    assert (first.level, review.level) == (0, 1)
    assert review.decided_by == cast.reviewer and review.outcome == "partly_upheld"
    assert data_of(last_event(c))["level"] == 1


def test_who_decided_before_cannot_decide_the_internal_review(
    cast, manager, senior_manager, make_user
):
    c = cast.bring_to(S.ASSESSED)
    c = lifecycle.investigate(c, by=manager)
    c = lifecycle.decide(c, by=manager, outcome="not_upheld", reasons=REASONS)
    c = lifecycle.communicate_decision(c, by=manager)
    c = lifecycle.reject(c, by=COMPLAINANT)
    c = lifecycle.escalate(c, by=manager, reviewer=senior_manager, reason="Asked for review.")
    with pytest.raises(ConflictOfInterest) as refused:
        lifecycle.decide(c, by=manager, outcome="upheld", reasons="On review.")
    assert "earlier decision" in str(refused.value)
    assert c.decisions.count() == 1


# ---------------------------------------------------------------- 7.8 communicate_decision


def test_the_decision_is_communicated_with_its_reasons(complaint_in, handler):
    c = complaint_in(S.DECIDED)
    c = lifecycle.communicate_decision(c, by=handler, message="Call us with any question.")
    c.refresh_from_db()
    assert c.status == S.DECISION_COMMUNICATED and c.decision_communicated_at is not None
    decision = c.decisions.get()
    assert decision.communicated_at == c.decision_communicated_at
    assert decision.communicated_by == "email"
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("decision_communicated", handler, True)
    assert data_of(event)["reasons"] == REASONS and data_of(event)["outcome"] == "upheld"
    assert data_of(event)["message"] == "Call us with any question."
    # The decision letter, written from its template with the message, to go by e-mail.
    [letter] = c.letters.all()
    assert (letter.kind, letter.channel, letter.recipient_address) == (
        "decision",
        "email",
        "ada@example.org",
    )
    assert REASONS in letter.body and "Call us with any question." in letter.body


def test_a_decision_sent_by_post_is_a_letter_to_post_not_an_email(complaint_in, handler):
    c = complaint_in(S.DECIDED)
    c.complainant.postal_address = "12 Analytical Row\nLondon"
    c.complainant.save()
    c = lifecycle.communicate_decision(c, by=handler, method="letter")
    assert c.decisions.get().communicated_by == "letter"
    assert [(x.kind, x.channel) for x in c.letters.all()] == [("decision", "post")]
    assert not Message.objects.filter(complaint=c, kind="decision").exists()


def test_a_decision_is_not_recorded_as_posted_to_a_complainant_without_an_address(
    complaint_in, handler
):
    c = complaint_in(S.DECIDED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.communicate_decision(c, by=handler, method="letter")
    assert "no postal address" in str(refused.value.errors["method"])
    c.refresh_from_db()
    assert c.status == S.DECIDED and not c.letters.exists()


def test_a_decision_is_not_recorded_as_e_mailed_to_a_complainant_without_e_mail(cast, handler):
    c = cast.receive(by=handler, complainant={"name": "Bo", "phone": "+44 20 7946 0000"})
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.investigate(c, by=handler)
    c = lifecycle.decide(c, by=handler, outcome="upheld", reasons=REASONS)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.communicate_decision(c, by=handler)
    assert list(refused.value.errors) == ["method"]
    c.refresh_from_db()
    assert c.status == S.DECIDED and c.decision_communicated_at is None
    c = lifecycle.communicate_decision(c, by=handler, method="phone")
    assert c.status == S.DECISION_COMMUNICATED


def test_no_decision_is_communicated_without_its_reasons(complaint_in, handler):
    c = complaint_in(S.DECIDED)
    Decision.objects.filter(complaint=c).update(reasons="  ")  # reasons lost somehow
    with pytest.raises(GateNotMet) as refused:
        lifecycle.communicate_decision(c, by=handler)
    assert "no decision with reasons" in str(refused.value)
    c.refresh_from_db()
    assert c.status == S.DECIDED and c.decision_communicated_at is None


def test_only_the_assigned_handler_or_a_manager_communicates_the_decision(
    complaint_in, other_handler
):
    c = complaint_in(S.DECIDED)
    with pytest.raises(NotPermitted):
        lifecycle.communicate_decision(c, by=other_handler)


def test_after_review_the_review_decision_is_communicated(complaint_in, cast):
    c = complaint_in(S.ESCALATED)
    c = lifecycle.decide(c, by=cast.reviewer, outcome="upheld", reasons="Review: fully upheld.")
    c = lifecycle.communicate_decision(c, by=cast.reviewer)
    assert data_of(last_event(c))["reasons"] == "Review: fully upheld."
    assert c.decisions.get(level=1).communicated_at is not None
    assert c.complainant_answer == ""


# ---------------------------------------------------------------- 7.9 accept / reject


def test_the_complainant_accepts_the_decision(complaint_in):
    c = lifecycle.accept(complaint_in(S.DECISION_COMMUNICATED), by=COMPLAINANT, note="Thank you.")
    c.refresh_from_db()
    assert c.status == S.ACCEPTED and c.complainant_answer == "accepted"
    assert c.answered_at is not None
    event = last_event(c)
    assert (event.kind, event.public, event.actor_label) == ("accepted", True, "complainant")
    assert data_of(event) == {
        "channel": "portal",
        "in_writing": True,
        "note": "Thank you.",
        "from": "decision_communicated",
        "to": "accepted",
    }


def test_staff_record_an_answer_given_by_telephone(complaint_in, handler):
    c = lifecycle.accept(
        complaint_in(S.DECISION_COMMUNICATED), by=handler, channel="phone", in_writing=False
    )
    event = last_event(c)
    assert event.actor == handler and data_of(event)["in_writing"] is False


def test_a_rejection_keeps_the_complaint_open_and_tells_them_of_recourse(complaint_in):
    c = lifecycle.reject(
        complaint_in(S.DECISION_COMMUNICATED), by=COMPLAINANT, reason="The refund is too small."
    )
    c.refresh_from_db()
    assert c.status == S.REJECTED and c.is_open and c.complainant_answer == "rejected"
    event = last_event(c)
    assert (event.kind, event.public) == ("rejected", True)
    assert data_of(event)["note"] == "The refund is too small."
    assert Message.objects.filter(complaint=c, kind="recourse").count() == 1


# ---------------------------------------------------------------- 7.9 escalate


@pytest.mark.parametrize("from_state", [S.REJECTED, S.DECISION_COMMUNICATED, S.INVESTIGATING])
def test_the_manager_escalates_for_review_by_a_more_senior_person(complaint_in, cast, from_state):
    c = lifecycle.escalate(
        complaint_in(from_state),
        by=cast.manager,
        reviewer=cast.reviewer,
        reason="The complainant asked for review.",
    )
    c.refresh_from_db()
    assert c.status == S.ESCALATED and c.escalation_level == 1
    assert c.assignee == cast.reviewer
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("escalated", cast.manager, True)
    assert data_of(event) == {
        "level": 1,
        "reviewer": "senior_manager",
        "reason": "The complainant asked for review.",
        "from": from_state,
        "to": "escalated",
    }


def test_escalation_needs_a_reason_and_a_senior_reviewer_who_did_not_decide(
    complaint_in, cast, manager, handler
):
    c = complaint_in(S.REJECTED)
    cases = [
        ({"reviewer": cast.reviewer, "reason": " "}, "reason", ""),
        ({"reviewer": None, "reason": "Review"}, "reviewer", "Name the senior person"),
        ({"reviewer": cast.handler, "reason": "Review"}, "reviewer", "not senior enough"),
    ]
    for arguments, field, says in cases:
        with pytest.raises(InvalidInput) as refused:
            lifecycle.escalate(c, by=manager, **arguments)
        assert list(refused.value.errors) == [field]
        assert says in refused.value.errors[field][0]
    c.refresh_from_db()
    assert c.status == S.REJECTED and c.escalation_level == 0 and c.assignee == handler


def test_who_made_the_decision_cannot_review_it(cast, manager, senior_manager):
    c = cast.bring_to(S.ASSESSED)
    c = lifecycle.investigate(c, by=senior_manager)
    c = lifecycle.decide(c, by=senior_manager, outcome="upheld", reasons=REASONS)
    c = lifecycle.communicate_decision(c, by=senior_manager)
    c = lifecycle.reject(c, by=COMPLAINANT)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.escalate(c, by=manager, reviewer=senior_manager, reason="Review")
    assert "earlier decision" in refused.value.errors["reviewer"][0]


def test_a_person_involved_in_the_complaint_cannot_review_it(
    cast, handler, manager, senior_manager
):
    c = cast.receive(by=handler, involved_users=[senior_manager])
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.investigate(c, by=handler)
    with pytest.raises(ConflictOfInterest):
        lifecycle.escalate(c, by=manager, reviewer=senior_manager, reason="Review")
    c.refresh_from_db()
    assert c.status == S.INVESTIGATING and c.assignee == handler


# ---------------------------------------------------------------- ISO 10003 refer_externally


@pytest.mark.parametrize("from_state", [S.REJECTED, S.DECISION_COMMUNICATED, S.ESCALATED])
def test_a_complaint_is_referred_to_an_external_body(complaint_in, handler, from_state):
    c = lifecycle.refer_externally(
        complaint_in(from_state),
        by=handler,
        body=ombudsman(),
        case_reference="FOS-9",
        note="Referred at the complainant's request.",
    )
    c.refresh_from_db()
    assert c.status == S.REFERRED_EXTERNALLY
    [referral] = ExternalReferral.objects.filter(complaint=c)
    assert (referral.body.name, referral.case_reference) == ("Financial Ombudsman Service", "FOS-9")
    event = last_event(c)
    assert (event.kind, event.actor, event.public) == ("referred_externally", handler, True)
    assert (
        data_of(event)["referral_id"] == referral.pk and data_of(event)["case_reference"] == "FOS-9"
    )


@pytest.mark.parametrize("body", ["", "Financial Ombudsman Service", 999, None])
def test_a_referral_names_one_of_the_organisations_external_bodies(complaint_in, handler, body):
    c = complaint_in(S.REJECTED)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.refer_externally(c, by=handler, body=body)
    assert list(refused.value.errors) == ["body"]
    assert not ExternalReferral.objects.exists()


def test_a_referral_may_name_the_external_body_by_its_id(complaint_in, handler):
    c = lifecycle.refer_externally(complaint_in(S.REJECTED), by=handler, body=ombudsman().pk)
    assert c.external_referrals.get().body == ombudsman()

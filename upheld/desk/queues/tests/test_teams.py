"""Teams (ISO 10002 5.3): routing rules at receipt, routing by hand through the lifecycle,
and the one visibility rule by team."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.models import Complaint, EventKind
from upheld.complaints.selectors import complaint_detail
from upheld.complaints.visibility import visible_complaints

pytestmark = pytest.mark.django_db


def test_a_complaint_goes_to_the_team_the_first_rule_that_holds_names(teams, receive):
    cards, loans = teams
    assert receive("Credit card").team == cards
    assert receive("Personal LOAN").team == loans
    assert receive("Mortgage").team is None  # no rule holds: a manager routes it
    first = receive("Credit card").events.get(seq=1)
    assert first.data["team"] == "Cards"


def test_handlers_read_their_teams_complaints_and_not_another_teams(
    cards_complaint, loans_complaint, handler, other_handler
):
    assert list(visible_complaints(handler)) == [cards_complaint]
    assert list(visible_complaints(other_handler)) == [loans_complaint]
    with pytest.raises(Complaint.DoesNotExist):
        complaint_detail(handler, loans_complaint.reference)


def test_a_complaint_given_to_no_team_is_read_by_those_who_handle_complaints(
    teams, receive, handler, other_handler
):
    c = receive("Mortgage")
    assert c in visible_complaints(handler) and c in visible_complaints(other_handler)


def test_top_management_and_auditors_read_everything(
    cards_complaint, loans_complaint, top_manager, auditor
):
    for reader in (top_manager, auditor):
        assert set(visible_complaints(reader)) == {cards_complaint, loans_complaint}


def test_a_manager_of_a_team_reads_its_complaints_the_head_of_complaints_reads_all(
    cards_complaint, loans_complaint, manager, senior_manager
):
    assert set(visible_complaints(manager)) == {cards_complaint}
    assert set(visible_complaints(senior_manager)) == {cards_complaint, loans_complaint}


def test_routing_by_hand_is_a_move_in_the_trail(cards_complaint, teams, senior_manager):
    _cards, loans = teams
    c = lifecycle.route(cards_complaint, by=senior_manager, team=loans, note="Loan fee.")
    assert c.team == loans
    event = c.events.order_by("-seq").first()
    assert event.kind == EventKind.ROUTED
    assert event.data["team"] == "Loans" and event.data["previous"] == "Cards"


def test_routing_away_unassigns_a_handler_who_is_not_in_the_new_team(
    cards_complaint, teams, handler, senior_manager
):
    _cards, loans = teams
    lifecycle.assign(cards_complaint, by=senior_manager, assignee=handler)
    c = lifecycle.route(cards_complaint, by=senior_manager, team=loans)
    assert c.assignee is None
    assert c.events.order_by("-seq").first().data["unassigned"] == "handler"


def test_routing_is_refused_to_a_handler_and_to_an_unknown_team(
    cards_complaint, teams, handler, senior_manager
):
    with pytest.raises(NotPermitted):
        lifecycle.route(cards_complaint, by=handler, team=teams[1])
    with pytest.raises(InvalidInput) as refusal:
        lifecycle.route(cards_complaint, by=senior_manager, team=999)
    assert "team" in refusal.value.errors


def test_a_handler_cannot_act_on_another_teams_complaint(loans_complaint, handler):
    with pytest.raises(Complaint.DoesNotExist):
        lifecycle.assess(
            loans_complaint,
            by=handler,
            severity=1,
            safety_implication=False,
            complexity=1,
            impact=1,
            immediate_action_needed=False,
        )


def test_the_priority_set_by_hand_is_a_move_with_its_reason(cards_complaint, senior_manager):
    c = lifecycle.prioritise(cards_complaint, by=senior_manager, priority=1, reason="Vulnerable.")
    assert c.priority == 1
    event = c.events.order_by("-seq").first()
    assert event.kind == EventKind.PRIORITISED and event.data["previous"] is None
    with pytest.raises(InvalidInput) as refusal:
        lifecycle.prioritise(c, by=senior_manager, priority=7, reason="")
    assert set(refusal.value.errors) == {"priority", "reason"}

"""ISO 10002 7: a move the complaint's state does not allow is refused, says what is allowed
now, and changes nothing; a move the state allows is not refused for its state."""

import pytest
from django.db import transaction

from upheld.complaints import lifecycle
from upheld.complaints.errors import GateNotMet, IllegalMove, InvalidInput
from upheld.complaints.models import Status

pytestmark = pytest.mark.django_db


def refused_moves(state: str) -> list[str]:
    return [move for move, states in lifecycle.ALLOWED.items() if state not in states]


@pytest.mark.parametrize("state", list(Status))
def test_a_move_the_state_does_not_allow_is_refused_and_says_what_is_allowed(cast, state):
    c = cast.bring_to(state)
    allowed, length = lifecycle.allowed_moves(c), c.trail_length
    for move in refused_moves(state):
        with pytest.raises(IllegalMove) as refused:
            cast.make(move, c, by=cast.manager)
        error = refused.value
        assert type(error) is IllegalMove, move
        assert (error.move, error.status, error.allowed) == (move, state, allowed)
        assert str(error).startswith(f"Cannot {move}: ")
        assert str(error).endswith(f"Allowed now: {', '.join(allowed) or 'none'}.")
    c.refresh_from_db()
    assert c.status == state and c.trail_length == length


@pytest.mark.parametrize("state", list(Status))
def test_a_move_the_state_allows_is_not_refused_for_the_state(cast, state):
    c = cast.bring_to(state)
    for move in lifecycle.allowed_moves(c):
        with transaction.atomic():
            try:
                cast.make(move, c, by=cast.manager)
            except GateNotMet as held_back:
                # A stage gate may still hold it back: closing an unclassified complaint.
                assert move == "close" and "not classified" in str(held_back)
            except InvalidInput as refused:
                # Remedies can be settled in any open state, once a decision offers some;
                # a task recorded done in any open state, once one was given.
                assert move in {"carry_out_remedy", "waive_remedy", "complete_task"}
                assert list(refused.errors) == ["task" if move == "complete_task" else "remedy"]
            transaction.set_rollback(True)


def test_terminal_states_allow_only_what_keeps_the_record_whole(cast):
    # The private link can be sent afresh or revoked whatever the state: a closed
    # complaint's page still shows its decisions and its survey (portal).
    assert lifecycle.allowed_moves(cast.bring_to(Status.MERGED)) == [
        "add_correspondence",
        "issue_link",
        "revoke_link",
        "anonymise",
    ]
    assert lifecycle.allowed_moves(cast.bring_to(Status.CLOSED)) == [
        "reopen",
        "add_correspondence",
        "issue_link",
        "revoke_link",
        "anonymise",
    ]

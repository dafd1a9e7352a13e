"""Every move of the lifecycle is described once (complaints/moves): the clause it serves,
who may make it, and its input with the limits the lifecycle and the database hold."""

import pytest

from upheld.complaints import lifecycle, permissions
from upheld.complaints.models import ASSESSMENT_SCALES
from upheld.complaints.moves import MOVES
from upheld.complaints.roles import HANDLE, MANAGE


def test_every_lifecycle_move_is_described_and_nothing_else():
    assert set(MOVES) == set(lifecycle.MOVES)
    for name, move in MOVES.items():
        assert move.function is getattr(lifecycle, name)
        assert move.clause and str(move.title), name


def test_a_move_people_make_has_its_input_except_receipt():
    """Each channel takes a complaint in its own shape (form, e-mail, API body, import);
    moves only Upheld makes take no one's input."""
    no_input = {m.name for m in MOVES.values() if m.input is None}
    assert no_input == {"receive"} | permissions.SYSTEM_ONLY
    assert all(MOVES[name].system_only for name in permissions.SYSTEM_ONLY)


@pytest.mark.parametrize("name", sorted(permissions.MANAGER_ONLY))
def test_who_may_make_a_move_is_what_the_lifecycle_enforces(name):
    assert MOVES[name].permission == MANAGE
    assert MOVES["decide"].permission == HANDLE and MOVES["decide"].judging
    assert MOVES["accept"].by_complainant and not MOVES["assess"].by_complainant
    assert MOVES["acknowledge"].by_system


def test_the_assessment_scales_are_the_ones_the_database_holds():
    schema = MOVES["assess"].input.model_json_schema()["properties"]
    for name, top in ASSESSMENT_SCALES.items():
        assert (schema[name]["minimum"], schema[name]["maximum"]) == (1, top)


def test_closing_offers_exactly_the_reasons_close_accepts():
    schema = MOVES["close"].input.model_json_schema()["properties"]["reason"]
    [offered] = [option["enum"] for option in schema["anyOf"] if "enum" in option]
    assert set(offered) == set(lifecycle.CLOSURE_REASONS)

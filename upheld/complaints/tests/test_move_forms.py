"""The staff desk's forms come from the same description of the moves as the API (ISO 10002
clause 7): same fields, same limits, translatable labels — nothing written twice."""

import pytest
from django.utils.functional import Promise

from upheld.complaints import lifecycle
from upheld.complaints.models import ASSESSMENT_SCALES, RemedyKind
from upheld.complaints.moves import MOVES
from upheld.complaints.moves.forms import form_for

PEOPLE_MAKE = [m.name for m in MOVES.values() if m.input is not None]


@pytest.mark.parametrize("move", PEOPLE_MAKE)
def test_every_move_a_person_makes_has_a_form_with_the_fields_of_its_input(move):
    form = form_for(move)()
    model = MOVES[move].input
    files = {MOVES[move].files} - {""}  # a move that takes files has a field for them
    assert set(form.fields) | set(form.nested) == set(model.model_fields) | files
    for name, field in form.fields.items():
        if name not in files:
            assert field.label == model.model_fields[name].title, (move, name)


def test_the_assessment_form_holds_the_scales_the_database_holds():
    data = {
        "severity": "4",
        "complexity": "3",
        "impact": "3",
        "safety_implication": "True",
        "immediate_action_needed": "False",
    }
    assert form_for("assess")(data).is_valid()
    for name, top in ASSESSMENT_SCALES.items():
        form = form_for("assess")({**data, name: str(top + 1)})
        assert not form.is_valid() and list(form.errors) == [name]


def test_a_decision_offers_its_remedies_as_a_nested_form():
    remedy = form_for("decide").nested["remedies"]
    assert [value for value, _ in remedy().fields["kind"].choices] == RemedyKind.values
    assert remedy({"kind": "refund", "amount": "25.00", "currency": "GBP"}).is_valid()


def test_closing_offers_the_reasons_close_accepts_or_the_default():
    choices = dict(form_for("close")().fields["reason"].choices)
    assert set(choices) == {"", *lifecycle.CLOSURE_REASONS}


@pytest.mark.parametrize("move", PEOPLE_MAKE)
def test_labels_and_help_are_translated_when_shown_not_when_built(move):
    for field in form_for(move)().fields.values():
        assert isinstance(field.label, Promise)
        assert not field.help_text or isinstance(field.help_text, Promise)


def test_a_move_only_upheld_makes_has_no_form():
    with pytest.raises(KeyError):
        form_for("record_message_failure")


def test_a_yes_or_no_the_move_requires_must_be_answered_not_left_as_no():
    form = form_for("triage")({"reason": "Asks for a refund."})
    assert not form.is_valid() and list(form.errors) == ["is_complaint"]
    form = form_for("triage")({"reason": "A compliment.", "is_complaint": "False"})
    assert form.is_valid() and form.cleaned_data["is_complaint"] is False


@pytest.mark.django_db
def test_what_the_input_names_by_id_is_offered_as_a_choice(manager, handler, category):
    assign = form_for("assign")()
    offered = dict(assign.fields["assignee"].choices)
    assert {"handler", "manager"} <= set(offered) and offered[""] == "—"
    classify = form_for("classify")({"category": str(category.pk)})
    assert classify.is_valid() and classify.cleaned_data["category"] == category.pk
    assert not form_for("classify")({"category": "999999"}).is_valid()

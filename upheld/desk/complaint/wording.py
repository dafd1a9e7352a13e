"""Between a move's form and its input: what the form starts with, the input the lifecycle
is given, and the lifecycle's refusals put back beside the fields they concern
(web.lifecycle_errors), a remedy's on its own row (`remedies.1.amount`)."""

from upheld.complaints.errors import InvalidInput, shown
from upheld.complaints.moves import Move
from upheld.complaints.moves.inputs import Input
from upheld.web import lifecycle_errors


def initial_for(move: str, complaint) -> dict:
    """A reassessment starts from the assessment recorded; other forms start empty."""
    if move == "assess" and complaint.assessed_at:
        return {name: getattr(complaint, name) for name in ("severity", "complexity", "impact")} | {
            "safety_implication": str(bool(complaint.safety_implication)),
            "immediate_action_needed": str(bool(complaint.immediate_action_needed)),
        }
    return {}


def input_of(move: Move, cleaned: dict, remedies: list[dict] | None) -> Input:
    """The move's input from a valid form: a field left empty takes the input's default."""
    assert move.input is not None
    given = {k: v for k, v in cleaned.items() if v not in (None, "")}
    if remedies is not None:
        given["remedies"] = remedies
    return move.input(**given)


def apply_errors(form, rows, error: InvalidInput) -> None:
    own = {}
    for key, texts in error.errors.items():
        parts = key.split(".")
        if rows is not None and len(parts) == 3 and parts[0] == "remedies" and parts[1].isdigit():
            row = _row(rows, int(parts[1]))
            if row is not None and parts[2] in row.fields:
                for text in texts:
                    row.add_error(parts[2], shown(text))
                continue
        own[key] = texts
    if own:
        lifecycle_errors.apply(form, InvalidInput(own), field_for={})


def _row(rows, index: int):
    """The form of the index-th remedy given (rows without a kind are not given)."""
    given = [f for f in rows.forms if getattr(f, "cleaned_data", {}).get("kind")]
    return given[index] if index < len(given) else None

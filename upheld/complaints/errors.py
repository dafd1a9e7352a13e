"""Domain errors. Pages show them as messages; the API maps them to HTTP status codes."""


class LifecycleError(Exception):
    code = "lifecycle_error"


class IllegalMove(LifecycleError):
    """The move is not allowed from the complaint's current state (API: 409)."""

    code = "illegal_move"

    def __init__(self, move: str, status: str, allowed: list[str], why: str = ""):
        self.move, self.status, self.allowed = move, status, allowed
        reason = why or f"a complaint that is {status.replace('_', ' ')} cannot {move}"
        options = ", ".join(allowed) if allowed else "none"
        super().__init__(f"Cannot {move}: {reason}. Allowed now: {options}.")


class GateNotMet(IllegalMove):
    """The state allows the move but data it needs is missing (API: 409)."""

    code = "stage_gate"


class InvalidInput(LifecycleError):
    """Input is missing or wrong; `errors` maps each field to what to fix (API: 422)."""

    code = "invalid_input"

    def __init__(self, errors: dict[str, list[str] | str]):
        self.errors = {k: [v] if isinstance(v, str) else list(v) for k, v in errors.items()}
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items())
        super().__init__(f"Invalid input — {detail}")


class NotPermitted(LifecycleError):
    """The actor may not make this move (API: 403)."""

    code = "not_permitted"


class ConflictOfInterest(NotPermitted):
    """ISO 10002 4.5: a person involved in a complaint may not investigate or decide it."""

    code = "conflict_of_interest"

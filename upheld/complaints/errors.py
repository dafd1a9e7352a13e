"""Domain errors. Pages show them as messages; the API maps them to HTTP status codes.

Every message is translatable and is put into words when it is shown, in the language of
whoever reads it (a page, or the API's Accept-Language), not when it is raised: the lifecycle
writes `_("Use at most {limit} characters.")` (or `fmt(...)` with values) and `str(error)`
or `messages()` gives it in the active language."""

from collections.abc import Mapping, Sequence

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext

Text = str | Promise  # a message: plain, or translated when shown


def fmt(message: Text, **values) -> Text:
    """A translatable message with values, put together when it is shown:
    `fmt(_("Give a whole number from 1 to {top}."), top=5)`."""
    return format_lazy(message, **values)


def shown(message: Text) -> str:
    """The message in the active language. A plain string marked with gettext_noop where it
    was written is looked up in the catalogue here."""
    return gettext(message) if isinstance(message, str) else str(message)


class LifecycleError(Exception):
    code = "lifecycle_error"


class IllegalMove(LifecycleError):
    """The move is not allowed from the complaint's current state (API: 409)."""

    code = "illegal_move"

    def __init__(self, move: str, status: str, allowed: Sequence[str], why: Text = ""):
        self.move, self.status, self.allowed, self.why = move, status, list(allowed), why
        super().__init__(move, status)

    def __str__(self) -> str:
        from .models import Status  # models import nothing of this module; this avoids a cycle

        status = Status(self.status).label if self.status in Status.values else self.status
        reason = (
            shown(self.why)
            if self.why
            else gettext("a complaint that is {status} cannot {move}").format(
                status=status, move=self.move
            )
        )
        options = ", ".join(self.allowed) if self.allowed else gettext("none")
        return gettext("Cannot {move}: {reason}. Allowed now: {options}.").format(
            move=self.move, reason=reason, options=options
        )


class GateNotMet(IllegalMove):
    """The state allows the move but data it needs is missing (API: 409)."""

    code = "stage_gate"


class InvalidInput(LifecycleError):
    """Input is missing or wrong; `errors` maps each field to what to fix (API: 422)."""

    code = "invalid_input"

    def __init__(self, errors: Mapping[str, Text | Sequence[Text]]):
        self.errors: dict[str, list[Text]] = {
            k: [v] if isinstance(v, str | Promise) else list(v) for k, v in errors.items()
        }
        super().__init__(self.errors)

    def messages(self) -> dict[str, list[str]]:
        """Each field's messages in the active language."""
        return {k: [shown(m) for m in v] for k, v in self.errors.items()}

    def __str__(self) -> str:
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in self.messages().items())
        return gettext("Invalid input — {detail}").format(detail=detail)


class NotPermitted(LifecycleError):
    """The actor may not make this move (API: 403)."""

    code = "not_permitted"

    def __str__(self) -> str:
        return shown(self.args[0]) if self.args else ""


class ConflictOfInterest(NotPermitted):
    """ISO 10002 4.5: a person involved in a complaint may not investigate or decide it."""

    code = "conflict_of_interest"

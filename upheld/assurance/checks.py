"""The checks of input every write of records.py makes: each names the field it concerns,
gathered in `errors` so that one refusal names every field to fix (InvalidInput)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, LifecycleError, fmt, shown

from .clauses import CLAUSES


class NotNow(LifecycleError):
    """The record's state does not allow the change (pages: a message; API: 409)."""

    code = "illegal_move"

    def __str__(self) -> str:
        return shown(self.args[0]) if self.args else ""


def text(value, field: str, errors: dict, *, required: bool = True, limit: int = 10000) -> str:
    if value is not None and not isinstance(value, str):
        errors[field] = _("Give a text.")
        return ""
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > limit:
        errors[field] = fmt(_("Use at most {limit} characters."), limit=limit)
    return value


def day(value, field: str, errors: dict) -> date | None:
    if isinstance(value, date):
        return value
    errors[field] = _("Give a date (YYYY-MM-DD).")
    return None


def period(start, end, errors: dict) -> None:
    start, end = day(start, "start", errors), day(end, "end", errors)
    if start and end and end < start:
        errors["end"] = _("The last day is before the first.")


def clauses(value, field: str, errors: dict, within=None) -> list[str]:
    chosen = list(value or [])
    allowed = list(within) if within is not None else list(CLAUSES)
    unknown = [c for c in chosen if c not in allowed]
    if not chosen:
        errors[field] = _("Choose at least one clause.")
    elif unknown:
        errors[field] = fmt(_("Not a clause of this plan: {clauses}."), clauses=", ".join(unknown))
    order = list(CLAUSES)
    return sorted({c for c in chosen if c in allowed and c in CLAUSES}, key=order.index)


def people(value, field: str, errors: dict, may=None) -> list:
    User = get_user_model()  # noqa: N806
    people = list(value or [])
    if not people or not all(isinstance(p, User) and p.is_active for p in people):
        errors[field] = _("Choose one or more active members of staff.")
        return []
    if may is not None:
        refused = [p.get_username() for p in people if not may(p)]
        if refused:
            errors[field] = fmt(
                _("Not an auditor (the Auditor role): {names}."), names=", ".join(refused)
            )
    return people


def done(errors: dict) -> None:
    if errors:
        raise InvalidInput(errors)

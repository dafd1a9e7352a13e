"""What every improvement move shares: refusals in the complaints' error vocabulary (pages
show them beside the field, the API as 403/409/422) and the Step appended for the record."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from upheld.complaints.errors import InvalidInput, LifecycleError, NotPermitted, fmt
from upheld.deadlines.models import Calendar

from ..models import Step


class NotNow(LifecycleError):
    """The record's state does not allow the move (API: 409)."""

    code = "illegal_move"

    def __str__(self) -> str:
        from upheld.complaints.errors import shown

        return shown(self.args[0]) if self.args else ""


def refuse(message) -> NotPermitted:
    return NotPermitted(message)


def step(subject: str, subject_id: int, move: str, by, data: dict | None = None) -> Step:
    return Step.objects.create(
        subject=subject,
        subject_id=subject_id,
        move=move,
        by=by if by is not None and getattr(by, "pk", None) else None,
        at=timezone.now(),
        data=data or {},
    )


def text(value, field: str, *, required: bool = True, limit: int = 10000) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise InvalidInput({field: _("Give a text.")})
    if required and not value:
        raise InvalidInput({field: _("This field is required.")})
    if len(value) > limit:
        raise InvalidInput({field: fmt(_("Use at most {limit} characters."), limit=limit)})
    return value


def person(user, field: str):
    """An active user account (an owner, a handler)."""
    User = get_user_model()
    if isinstance(user, int):
        user = User.objects.filter(pk=user).first()
    if not isinstance(user, User) or not user.is_active:
        raise InvalidInput({field: _("Choose an active member of staff.")})
    return user


def organisation_calendar():
    return Calendar.every().organisation


def today() -> date:
    return organisation_calendar().local_date(timezone.now())


def business_day(day, field: str) -> date:
    """A business day of the organisation's calendar, today or later."""
    if not isinstance(day, date):
        raise InvalidInput({field: _("Give a date (YYYY-MM-DD).")})
    cal = organisation_calendar()
    if day < today():
        raise InvalidInput({field: _("Give a date that has not passed.")})
    if not cal.is_business_day(day):
        nxt = cal.next_business_day(day)
        raise InvalidInput(
            {
                field: fmt(
                    _("{day} is not a business day of the organisation; the next is {next}."),
                    day=day.isoformat(),
                    next=nxt.isoformat(),
                )
            }
        )
    return day

"""GET /complaints: filters and an opaque keyset cursor over (received_at, id)."""

import base64
import json
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import field_validator

from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import Channel, Status
from upheld.core import input_policy

from .schemas import ComplaintSummary, Input

MAX_LIMIT = 100


class QueryFilters(Input):
    """Query parameters of a list. One it does not know is refused with a 422 naming it: a
    misspelt filter (`?stauts=open`) would otherwise list everything, silently."""

    @classmethod
    def refuse_unknown(cls, request) -> None:
        """Ninja hands the model only the parameters it declares; the rest are checked here."""
        unknown = sorted(set(request.GET) - set(cls.model_fields))
        if unknown:
            raise InvalidInput({name: _("Unknown query parameter.") for name in unknown})


class ListFilters(QueryFilters):
    status: Status | None = None
    channel: Channel | None = None
    category: int | None = Field(None, ge=1, le=input_policy.INT_MAX, description="Category id.")
    received_after: datetime | None = Field(
        None, description="Received at or after this (UTC when no offset is given)."
    )
    received_before: datetime | None = Field(
        None, description="Received before this (UTC when no offset is given)."
    )
    assignee: str | None = Field(None, description="Username of the person assigned.")
    cursor: str | None = Field(None, description="The `next` value of the previous page.")
    limit: int = Field(25, ge=1, le=MAX_LIMIT)

    @field_validator("received_after", "received_before", mode="before")
    @classmethod
    def _written_as_a_date(cls, value):
        """ISO 8601 only, as documented (pydantic would also read 34346 as seconds since
        1970)."""
        if value is None or isinstance(value, datetime):
            return value
        if not isinstance(value, str) or parse_datetime(value) is None:
            raise ValueError("Give a date and time like 2026-03-01T09:30:00Z.")
        return value

    @field_validator("received_after", "received_before")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        """Compared in UTC: an offset the database can't hold (PostgreSQL: up to ±15:59,
        Python: up to ±23:59) then can't reach it, and a time without one is read as UTC."""
        if value is None:
            return None
        try:
            return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
        except OverflowError:
            raise ValueError("The time is out of range.") from None


class ComplaintPage(Schema):
    items: list[ComplaintSummary]
    next: str | None = Field(..., description="Cursor of the next page; null on the last.")


def encode(at: datetime, pk: int) -> str:
    raw = json.dumps([at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at_text, pk = json.loads(raw)
        at = parse_datetime(at_text)
        if at is None or not isinstance(pk, int) or at.tzinfo is None:
            raise ValueError
        if not input_policy.integer_fits(pk) or input_policy.too_early(at):
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidInput({"cursor": "Use the `next` value of a previous page."}) from None
    return at, pk

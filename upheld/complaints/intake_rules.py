"""What a complaint needs at receipt (ISO 10002 7.2), checked before anything is written.

Every error names its field and says what to fix; nothing is saved when any is found.
Messages are plain English here (the API and imports give them as they are) and marked with
gettext_noop, so the web form shows them in the person's language (intake/web).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from upheld.core import input_policy
from upheld.organisation.models import Organisation

from .actors import Actor
from .errors import InvalidInput, Text, fmt
from .models import Category, Channel, Person
from .models.people import can_reach

PERSON_FIELDS = (
    "name",
    "organisation",
    "email",
    "phone",
    "postal_address",
    "preferred_language",
    "accessibility_needs",
)
TEXT_FIELDS = (
    "product",
    "remedy_sought",
    "immediate_action",
    "people_involved",
    "external_reference",
    "representative_authority",
)
TEXT_FIELD_SET = frozenset(TEXT_FIELDS)
PERSON_FIELD_SET = frozenset(PERSON_FIELDS)
CLOCK_SKEW = input_policy.CLOCK_SKEW
PRODUCT_MAX_LENGTH = 300  # Complaint.product
CHANNELS = tuple(Channel.values)  # computed once: the enum is fixed, .values rebuilds a list
_languages_seen: list = [None, frozenset()]


def languages() -> frozenset[str]:
    """The language codes of settings.LANGUAGES, recomputed only when the setting changes."""
    if _languages_seen[0] is not settings.LANGUAGES:
        _languages_seen[:] = [settings.LANGUAGES, frozenset(code for code, _ in settings.LANGUAGES)]
    return _languages_seen[1]


@dataclass
class CleanReceipt:
    channel: str
    received_at: datetime
    complainant: Person
    representative: Person | None
    record_fields: dict
    involved_users: list = field(default_factory=list)
    acknowledge: bool = True

    def trail_data(self) -> dict:
        return trail_data(self)


def trail_data(receipt) -> dict:
    """What the `received` event of the trail says about a receipt (Clean or Values)."""
    return {
        "channel": receipt.channel,
        "received_at": receipt.received_at.isoformat(),
        "representative": bool(receipt.representative),
        **{
            k: v
            for k, v in receipt.record_fields.items()
            if k in ("product", "external_reference") and v
        },
    }


def _person_values(prefix: str, data: dict | None, errors: dict) -> dict | None:
    """The checked fields of a person (the complainant or a representative), or None."""
    if not data:
        return None
    unknown = data.keys() - PERSON_FIELD_SET
    if unknown:
        errors[prefix] = fmt(_("Unknown fields: {fields}."), fields=", ".join(sorted(unknown)))
    values = {k: (v or "").strip() for k, v in data.items() if k in PERSON_FIELD_SET}
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors[f"{prefix}.email"] = gettext_noop(
                "Enter a valid e-mail address, like name@example.org."
            )
    lang = values.get("preferred_language") or settings.LANGUAGE_CODE
    if lang not in languages():
        errors[f"{prefix}.preferred_language"] = fmt(
            _("Choose one of: {choices}."), choices=", ".join(sorted(languages()))
        )
    values["preferred_language"] = lang
    for name, limit in (("name", 200), ("organisation", 200), ("phone", 40)):
        if len(values.get(name, "")) > limit:
            errors[f"{prefix}.{name}"] = fmt(_("Use at most {limit} characters."), limit=limit)
    return values


def reachable(values: dict) -> bool:
    """Person.reachable, for checked values not (yet) held in a Person."""
    return can_reach(
        values.get("email", ""), values.get("phone", ""), values.get("postal_address", "")
    )


def _when(value, errors: dict, now: datetime, actor: Actor) -> datetime:
    if value in (None, ""):
        return now
    if actor.kind in ("public", "complainant"):
        errors["received_at"] = gettext_noop("The time of receipt is set by Upheld.")
        return now
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            errors["received_at"] = gettext_noop(
                "Give a date and time like 2026-03-01T09:30:00+00:00."
            )
            return now
        value = parsed
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if input_policy.too_early(value):
        errors["received_at"] = gettext_noop("Give a date in 1900 or later.")
        return now
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > now + CLOCK_SKEW:
        errors["received_at"] = gettext_noop(
            "A complaint cannot be received in the future; give the time it really arrived."
        )
    return value


def _unstorable(errors: dict, prefix: str = "", **texts) -> None:
    """Every channel's text under the one input policy: no NUL, no lone surrogate."""
    for name, value in texts.items():
        if isinstance(value, str) and (problem := input_policy.text_problem(value)):
            errors.setdefault(prefix + name, problem)


@dataclass
class ReceiptValues:
    """What check_receipt found good: plain values, no model instances (the bulk import
    writes them as rows; clean_receipt turns them into a CleanReceipt)."""

    channel: str
    received_at: datetime
    complainant: dict
    representative: dict | None
    record_fields: dict


def check_receipt(
    org: Organisation,
    actor: Actor,
    now: datetime,
    *,
    channel: str,
    description: str,
    complainant: dict,
    received_at=None,
    representative: dict | None = None,
    occurred_on=None,
    category=None,
    **text,
) -> ReceiptValues:
    """ISO 10002 7.2: every rule of receipt; InvalidInput names each field that breaks one."""
    errors: dict[str, Text] = {}
    if channel not in CHANNELS:
        errors["channel"] = fmt(_("Choose one of: {choices}."), choices=", ".join(CHANNELS))
    description = (description or "").strip()
    if not description:
        errors["description"] = gettext_noop("Describe what went wrong; this is required.")
    unknown = set(text) - TEXT_FIELD_SET
    if unknown:
        raise TypeError(f"receive() got unexpected fields: {', '.join(sorted(unknown))}")
    record = {k: (text.get(k) or "").strip() for k in TEXT_FIELDS}
    if len(record["product"]) > PRODUCT_MAX_LENGTH:
        errors["product"] = fmt(_("Use at most {limit} characters."), limit=PRODUCT_MAX_LENGTH)
    person = _person_values("complainant", complainant or {}, errors) or {}
    if not org.allow_anonymous and not reachable(person):
        errors["complainant"] = gettext_noop(
            "Give at least one way to reach the complainant: e-mail, telephone or postal address."
        )
    rep = _person_values("representative", representative, errors)
    if rep is not None:
        if not rep.get("name"):
            errors["representative.name"] = gettext_noop("Give the representative's name.")
        if not record["representative_authority"]:
            errors["representative_authority"] = gettext_noop(
                "Say how the representative is authorised to act for the complainant."
            )
    if isinstance(occurred_on, str) and occurred_on:
        parsed = parse_date(occurred_on)
        if parsed is None:
            errors["occurred_on"] = gettext_noop("Give a date like 2026-03-01.")
        occurred_on = parsed
    if isinstance(occurred_on, date) and occurred_on > now.date():
        errors["occurred_on"] = gettext_noop("The date of occurrence cannot be in the future.")
    elif isinstance(occurred_on, date) and input_policy.too_early(occurred_on):
        errors["occurred_on"] = gettext_noop("Give a date in 1900 or later.")
    if category is not None and not isinstance(category, Category):
        category = Category.objects.filter(pk=category, active=True).first()
        if category is None:
            errors["category"] = gettext_noop("Choose a category that is in use.")
    when = _when(received_at, errors, now, actor)
    _unstorable(errors, description=description, **record)
    _unstorable(errors, "complainant.", **person)
    _unstorable(errors, "representative.", **(rep or {}))
    if errors:
        raise InvalidInput(errors)
    record.update(description=description, occurred_on=occurred_on or None, category=category)
    return ReceiptValues(
        channel=channel,
        received_at=when,
        complainant=person,
        representative=rep,
        record_fields=record,
    )


def clean_receipt(
    org: Organisation,
    actor: Actor,
    now: datetime,
    *,
    involved_users=(),
    acknowledge: bool = True,
    **receipt,
) -> CleanReceipt:
    """check_receipt's values as the records `receive` saves (its keywords, and so its
    errors, are check_receipt's own)."""
    values = check_receipt(org, actor, now, **receipt)
    rep = values.representative
    return CleanReceipt(
        channel=values.channel,
        received_at=values.received_at,
        complainant=Person(**values.complainant),
        representative=Person(**rep) if rep is not None else None,
        record_fields=values.record_fields,
        involved_users=list(involved_users),
        acknowledge=acknowledge,
    )

"""The facts a letter template reads, as plain values only (text, numbers, lists and dicts
of them): a template never reaches a model, so it can print nothing the complainant may not
read (no secret hash, no internal note), and user text is data, never template source."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import dateformat, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from upheld.complaints.lifecycle import current_decision
from upheld.core import links, localtime
from upheld.deadlines.clocks import calendar_for
from upheld.organisation.models import ExternalBody, Organisation

from .kinds import FCA_REGIMES, private_link
from .models import LetterSettings
from .wording import annex_3r

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
TRACKING_PLACEHOLDER = "TRACKING-SECRET"  # the same placeholder notify keeps in e-mails


def link_fact(kind: str) -> tuple[str, str]:
    """The fact a template of `kind` prints its private link with (`tracking_url`, or
    `survey_url` for the survey's letters) and the link, with the placeholder in place of
    the secret: only the e-mail sent or the copy printed carries the secret itself."""
    from upheld.notify.outbox import tracking_path

    link, fact = private_link(kind)
    return fact, links.absolute(tracking_path(TRACKING_PLACEHOLDER, link))


def money(amount: Decimal | None, currency: str, language: str) -> str:
    """An amount as the letter's language writes it: £1,234.50 / 1.234,50 £."""
    if amount is None:
        return ""
    whole, _dot, cents = f"{Decimal(amount):,.2f}".partition(".")
    symbol = SYMBOLS.get(currency.upper(), currency.upper())
    if language.startswith("es"):
        return f"{whole.replace(',', '.')},{cents} {symbol}".strip()
    if currency.upper() in SYMBOLS:
        return f"{symbol}{whole}.{cents}"
    return f"{whole}.{cents} {symbol}".strip()


def day(value: date | datetime | None, language: str) -> str:
    """A date written out in the letter's language, in the organisation's zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        zone = localtime.zone()
        value = value.astimezone(zone).date() if zone else value.date()
    with translation.override(language):
        return dateformat.format(value, _("j F Y"))


def _body(body: ExternalBody) -> dict:
    return {
        "name": body.name,
        "description": body.description,
        "when_to_go": body.when_to_go,
        "website": body.website,
        "email": body.email,
        "phone": body.phone,
        "postal_address": body.postal_address,
        "address_lines": [ln.strip() for ln in body.postal_address.splitlines() if ln.strip()],
    }


def ombudsman(bodies: list[ExternalBody]) -> ExternalBody | None:
    """The Financial Ombudsman Service among the organisation's external bodies."""
    for body in bodies:
        if "financial ombudsman" in body.name.lower() or "financial-ombudsman" in body.website:
            return body
    return None


def common(language: str, regime: str) -> dict:
    """What every letter may print beyond its complaint: the organisation, who signs, the
    external bodies and (FCA) the ombudsman with the Annex 3R wording, the published
    procedure. The caller has the letter's language active."""
    org = Organisation.current()
    settings_row = LetterSettings.current()
    bodies = list(ExternalBody.objects.all())
    fos = ombudsman(bodies)
    return {
        "organisation": {
            "name": org.name,
            "address_lines": [ln.strip() for ln in org.postal_address.splitlines() if ln],
            "phone": org.contact_phone,
            "email": org.contact_email,
            "website": org.website,
            "internal_review": org.internal_review,
        },
        "signatory": settings_row.signatory,
        "external_bodies": [_body(b) for b in bodies],
        "fos": _body(fos) if fos else None,
        "fos_waiver": annex_3r(settings_row.fos_consent, language) if regime in FCA_REGIMES else "",
        # DISP 1.2.1R: the published summary of the complaints procedure.
        "procedure_url": links.absolute_url("intake_web:how"),
    }


def remedies(items, language: str) -> list[dict]:
    return [
        {
            "kind": r.get_kind_display(),
            "description": r.description,
            "amount": money(r.amount, r.currency, language),
        }
        for r in items
    ]


def dated(extra: dict, language: str) -> dict:
    """Dates given as ISO text written out in the letter's language: a day (`expected_by`)
    in its place, an instant (a clock's `due_at`) as its day in the organisation's zone
    under the name `due_on`."""
    extra = dict(extra)
    for key, value in list(extra.items()):
        if key.endswith("_by") and isinstance(value, str) and len(value) == 10:
            extra[key] = day(date.fromisoformat(value), language)
        elif key.endswith("_at") and isinstance(value, str):
            instant = parse_datetime(extra.pop(key))
            extra[key.removesuffix("_at") + "_on"] = day(instant, language)
    return extra


def gather(complaint, language: str, extra: dict | None = None, *, tracking: bool = True) -> dict:
    """Everything a template may print about `complaint`, in `language`."""
    extra = dict(extra or {})
    person = complaint.complainant
    cal = calendar_for(complaint)
    with translation.override(language):
        facts = {
            "reference": complaint.reference,
            "name": person.name,
            "salutation_name": person.name or _("Sir or Madam"),
            "address_lines": [ln.strip() for ln in person.postal_address.splitlines() if ln],
            "email": person.email,
            "product": complaint.product,
            "today": day(cal.local_date(datetime.now(tz=cal.zone())), language),
            "received_on": day(complaint.received_at, language),
            "response_due_on": day(complaint.response_due_at, language),
            "regime": complaint.regime,
            "status": complaint.get_status_display(),
            **common(language, complaint.regime),
            "tracking_url": extra.pop("tracking_url", "") if tracking else "",
        }
        decision = current_decision(complaint)
        if decision is not None:
            facts["decision"] = {
                "outcome": decision.get_outcome_display(),
                "reasons": decision.reasons,
                "level": decision.level,
                "decided_on": day(decision.decided_at, language),
                "remedies": remedies(decision.remedies.all(), language),
            }
        extra = dated(extra, language)
    return {**facts, **extra}

"""A sample complaint's facts, for previewing a template on the desk and for the checks a
template must pass before it is saved (ISO 10002 7.8; capability 28): the organisation's
own letterhead, external bodies and letter settings, with a made-up complainant, decision
and the values a kind's letter is given (a question, a reason, a date). Under the FCA the
ombudsman is the configured one, else its public details, so the checks judge the
template's text, not the organisation's set-up."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from upheld.complaints.models import Status
from upheld.core import links

from . import facts
from .kinds import FCA_REGIMES, Kind

FOS = {
    "name": "Financial Ombudsman Service",
    "description": "",
    "when_to_go": "",
    "website": "https://www.financial-ombudsman.org.uk",
    "email": "complaint.info@financial-ombudsman.org.uk",
    "phone": "0800 023 4567",
    "postal_address": "Financial Ombudsman Service\nExchange Tower\nLondon\nE14 9SR",
    "address_lines": ["Financial Ombudsman Service", "Exchange Tower", "London", "E14 9SR"],
}
REFERENCE = "CMP-2026-000123"


def facts_for(kind: str, regime: str, language: str) -> dict:
    """What the template of `kind` under `regime` in `language` is filled with."""
    today = timezone.localdate()
    with translation.override(language):
        known = {
            "reference": REFERENCE,
            "name": "Alex Sample",
            "salutation_name": "Alex Sample",
            "address_lines": ["12 Example Street", "London", "N1 9GU"],
            "email": "alex.sample@example.org",
            "product": _("Current account"),
            "today": facts.day(today, language),
            "received_on": facts.day(today - timedelta(days=20), language),
            "response_due_on": facts.day(today + timedelta(days=36), language),
            # The day the limit of the clock that sends a progress update falls.
            "due_on": facts.day(today + timedelta(days=36), language),
            "regime": regime,
            "status": str(Status.INVESTIGATING.label),
            **facts.common(language, regime),
            "tracking_url": links.absolute_url("portal:track", facts.TRACKING_PLACEHOLDER),
            "decision": {
                "outcome": _("partly upheld"),
                "reasons": _("The payment was taken twice; the second was our error."),
                "level": 1,
                "decided_on": facts.day(today, language),
                "remedies": [
                    {
                        "kind": _("apology"),
                        "description": _("We are sorry for the double charge."),
                        "amount": "",
                    },
                    {
                        "kind": _("refund"),
                        "description": _("The second payment"),
                        "amount": facts.money(Decimal("35"), "GBP", language),
                    },
                ],
            },
        }
        if regime in FCA_REGIMES and not known["fos"]:
            known["fos"] = FOS
            known["external_bodies"] = [FOS, *known["external_bodies"]]
        extra = {
            "question": _("Which card did you pay with?"),
            "reason": _("We are waiting for the card scheme's records."),
            "expected_by": (today + timedelta(days=28)).isoformat(),
            "other_firm": "Example Payments Ltd",
            "other_firm_contact": "complaints@payments.example, 0300 000 0000",
            "survey_url": links.absolute_url("portal:survey", facts.TRACKING_PLACEHOLDER),
            "message": "",
        }
        if kind == Kind.NOT_A_COMPLAINT:
            extra["reason"] = _("Your message thanked our branch staff.")
        return {**known, **facts.dated(extra, language)}

import re

import pytest

from upheld.complaints import lifecycle
from upheld.organisation.models import ExternalBody, Organisation

REMEDIES = [
    {"kind": "apology", "description": "We are sorry."},
    {"kind": "refund", "amount": "35.00", "currency": "GBP", "description": "The second charge."},
]


@pytest.fixture
def bodies(db):
    org = Organisation.current()
    org.name = "Demo Bank plc"
    org.internal_review = "Write to the Head of Complaints, who was not involved."
    org.save()
    return [
        ExternalBody.objects.create(
            name="Financial Ombudsman Service",
            description="Settles disputes between consumers and banks, free of charge.",
            when_to_go="After our final response, or 8 weeks after we received your "
            "complaint; within 6 months of our final response.",
            website="https://www.financial-ombudsman.org.uk/",
            email="complaint.info@financial-ombudsman.org.uk",
            phone="0800 023 4567",
            postal_address="Exchange Tower, London E14 9SR",
        )
    ]


@pytest.fixture
def investigating(make_complaint, handler):
    def make(**overrides):
        c = make_complaint(**overrides)
        secret = c.secret
        lifecycle.assess(
            c,
            by=handler,
            severity=2,
            safety_implication=False,
            complexity=1,
            impact=1,
            immediate_action_needed=False,
            note="INTERNAL-NOTE",
        )
        lifecycle.investigate(c, by=handler, plan="INTERNAL-PLAN")
        c.refresh_from_db()
        c.secret = secret
        return c

    return make


@pytest.fixture
def decided(investigating, handler):
    """A complaint whose decision was sent to the complainant by e-mail."""

    def make(**overrides):
        c = investigating(**overrides)
        secret = c.secret
        lifecycle.decide(
            c,
            by=handler,
            outcome="partly_upheld",
            remedies=REMEDIES,
            reasons="The fee was wrong; the delay was not ours.",
        )
        lifecycle.communicate_decision(c, by=handler)
        c.refresh_from_db()
        c.secret = secret
        return c

    return make


def page(client, secret: str, **kwargs) -> str:
    return client.get(f"/track/{secret}", **kwargs).content.decode()


def token_of(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html)[1]


def post(client, secret: str, what: str, data: dict | None = None, **extra):
    """Post one of the page's forms (its prefix is its name), as the page would."""
    fields = {f"{what}-{k}": v for k, v in (data or {}).items()}
    if what == "message":
        fields["form_token"] = token_of(page(client, secret))
    fields.update(extra)
    return client.post(f"/track/{secret}/{what}", fields)

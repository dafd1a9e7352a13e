import io

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from upheld.complaints import lifecycle
from upheld.complaints.tests.helpers import ASSESSMENT
from upheld.letters.models import LetterSettings
from upheld.organisation.models import ExternalBody, Organisation

FOS = {
    "name": "Financial Ombudsman Service",
    "description": "Settles complaints between consumers and financial businesses, free.",
    "when_to_go": "Within six months of our final response.",
    "website": "https://www.financial-ombudsman.org.uk",
    "phone": "0800 023 4567",
    "postal_address": "Financial Ombudsman Service\nExchange Tower\nLondon\nE14 9SR",
}
REASONS = "The order was charged twice by our payment provider."
REMEDIES = [
    {"kind": "apology", "description": "We are sorry for the double charge."},
    {"kind": "refund", "description": "The second charge", "amount": "1234.50", "currency": "gbp"},
]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(bytes(data)))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def letterhead(db):
    org = Organisation.current()
    org.name, org.postal_address = "Demo Bank plc", "1 High Street\nLondon\nEC1A 1AA"
    org.contact_phone, org.contact_email = "0300 123 4567", "complaints@demo-bank.example"
    org.save()
    ExternalBody.objects.create(**FOS)
    settings_row = LetterSettings.current()
    settings_row.fos_leaflet.save("leaflet.pdf", ContentFile(b"%PDF-1.4 leaflet"), save=False)
    settings_row.signatory = "Morgan Reeve, Complaints Manager"
    settings_row.save()
    return org


@pytest.fixture
def decided(letterhead, handler, manager):
    """A complaint decided upheld with an apology and a refund, through the real moves."""

    def make(**receipt):
        data = {
            "channel": "letter",
            "description": "I was charged twice.",
            "complainant": {
                "name": "Ada Lovelace",
                "postal_address": "12 Analytical Row\nLondon\nN1 9GU",
                "email": "ada@example.org",
            },
            "product": "Current account",
            "remedy_sought": "Refund the second charge.",
            "by": handler,
        }
        data.update(receipt)
        c = lifecycle.receive(**data)
        c = lifecycle.assess(c, by=handler, **ASSESSMENT)
        c = lifecycle.assign(c, by=manager, assignee=handler)
        c = lifecycle.investigate(c, by=handler)
        return lifecycle.decide(c, by=handler, outcome="upheld", reasons=REASONS, remedies=REMEDIES)

    return make

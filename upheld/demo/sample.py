"""The CFPB sample (data/cfpb_sample.csv) read as arguments for lifecycle.receive (7.2).

The CFPB Consumer Complaint Database is a work of the US government, in the public domain.
It publishes no consumer names or contact details, so each demo complainant is named by
the CFPB complaint ID and reachable by the (masked) state and ZIP code the CFPB gives.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone

SAMPLE = Path(__file__).with_name("data") / "cfpb_sample.csv"

# "Submitted via" → Upheld channel. A referral or a fax reaches the firm on paper.
CHANNELS = {
    "Web": "web",
    "Web Referral": "web",
    "Phone": "phone",
    "Postal mail": "letter",
    "Email": "email",
    "Referral": "letter",
    "Fax": "letter",
}


@dataclass(frozen=True)
class SampleRow:
    """One CFPB complaint as the demo uses it."""

    complaint_id: str
    received_at: datetime
    channel: str
    product: str
    sub_product: str
    issue: str
    sub_issue: str
    narrative: str
    state: str
    zip_code: str
    company_response: str

    @property
    def product_line(self) -> str:
        line = f"{self.product} / {self.sub_product}" if self.sub_product else self.product
        return line[:300]

    @property
    def description(self) -> str:
        if self.narrative:
            return self.narrative
        issue = f"{self.issue}: {self.sub_issue}" if self.sub_issue else self.issue
        return (
            f"Complaint about {self.product_line.lower()} — {issue}. "
            "(The consumer gave no narrative; this text is built from the CFPB issue.)"
        )

    def receipt(self) -> dict:
        """Keyword arguments for lifecycle.receive (without `by`)."""
        where = ", ".join(
            p for p in (self.state, f"ZIP {self.zip_code}" if self.zip_code else "") if p
        )
        return {
            "channel": self.channel,
            "description": self.description,
            "complainant": {
                "name": f"CFPB consumer {self.complaint_id}",
                "postal_address": f"{where or 'Address withheld by the CFPB'}, United States",
            },
            "product": self.product_line,
            # The CFPB export does not say what the consumer asked for (ISO 10002 7.2).
            "remedy_sought": "Not stated in the CFPB export.",
            "received_at": self.received_at,
            "external_reference": self.complaint_id,
            "acknowledge": False,
        }


def _row(raw: dict) -> SampleRow:
    day = datetime.fromisoformat(raw["Date received"]).replace(hour=9)
    return SampleRow(
        complaint_id=raw["Complaint ID"].strip(),
        received_at=timezone.make_aware(day, timezone.get_default_timezone()),
        channel=CHANNELS.get(raw["Submitted via"].strip(), "letter"),
        product=raw["Product"].strip(),
        sub_product=raw["Sub-product"].strip(),
        issue=raw["Issue"].strip(),
        sub_issue=raw["Sub-issue"].strip(),
        narrative=raw["Consumer complaint narrative"].strip(),
        state=raw["State"].strip(),
        zip_code=raw["ZIP code"].strip(),
        company_response=raw["Company response to consumer"].strip(),
    )


def read_sample(path: Path = SAMPLE) -> Iterator[SampleRow]:
    with path.open(newline="", encoding="utf-8") as f:
        for raw in csv.DictReader(f):
            yield _row(raw)

"""The CFPB consumer complaint export, field by field (ISO 10002 7.2, 8.2, 7.7–7.9).

Columns and what becomes of them:

- Complaint ID → external_reference (re-importing the file skips rows already imported).
- Date received → received_at, midnight UTC of that date.
- Product / Sub-product → product, "Product › Sub-product" (› as in category names).
- Product / Issue / Sub-issue → classification: the category path Product › Issue › Sub-issue
  (categories are created as needed).
- Consumer complaint narrative → description. Most rows have none (the consumer did not
  consent to publish it): that is no reason to refuse the row; the description is then
  built from the issue and sub-issue and says so.
- Submitted via → channel: Web and Web Referral → web, Phone → phone, Email → email,
  Postal mail and Fax → letter (written, on paper). Referral (sent on by another agency) and
  any other value → import: Upheld has no channel for it. The original value is kept.
- Company → people_involved (the business unit complained about).
- State / ZIP code → the complainant's postal address. The export has no contact details:
  the consumer is reached through the CFPB company portal, which is what the address says
  ("Reply through the CFPB company portal, complaint N"), so the complaint passes the same
  reachability rule as every other; the complainant is named "CFPB consumer N".
- Tags: "Older American" → accessibility needs ("Older American (CFPB tag)"), a prompt to
  consider adjustments (ISO 10002 4.3); "Servicemember" is not an accessibility need and is
  kept with the other original values only.
- Company response to consumer → state and outcome (see RESPONSES); In progress and Untimely
  response (the company has not answered) stay open as received.
- Every column except the narrative (which is the description) is kept verbatim in the first
  event of the trail, hashed with it: data.import.record holds the values in the order of
  KEPT (data.import.columns = "cfpb" names that list), and data.import.extra any column the
  file has beyond the export's own. `source_fields` reads them back as {column: value}, so
  the row can be read back exactly. A list rather than {column: value} keeps the trail of
  an imported complaint small: the column names would be most of its bytes.
"""

from datetime import UTC, date, datetime

from upheld.complaints.lifecycle.batch import IncomingRow, Resolution
from upheld.complaints.models import ClosureReason

SOURCE = "cfpb"
NARRATIVE = "Consumer complaint narrative"
COLUMNS = (
    "Date received",
    "Product",
    "Sub-product",
    "Issue",
    "Sub-issue",
    NARRATIVE,
    "Company public response",
    "Company",
    "State",
    "ZIP code",
    "Tags",
    "Consumer consent provided?",
    "Submitted via",
    "Date sent to company",
    "Company response to consumer",
    "Timely response?",
    "Consumer disputed?",
    "Complaint ID",
)
COLUMN_SET = frozenset(COLUMNS)
KEPT = tuple(c for c in COLUMNS if c != NARRATIVE)  # data.import.record, in this order
CHANNELS = {
    "Web": "web",
    "Web Referral": "web",
    "Phone": "phone",
    "Email": "email",
    "Postal mail": "letter",
    "Fax": "letter",
    "Referral": "import",
}
PORTAL = "cfpb_portal"
MONETARY = (
    "refund",
    "Monetary relief (such as a refund or a reversed fee) given in the "
    "company's response through the CFPB; the CFPB does not publish the amount.",
)
NON_MONETARY = (
    "correction",
    "Non-monetary relief (such as a corrected credit report or "
    "changed account terms) given in the company's response through the CFPB.",
)
EXPLANATION = (
    "explanation",
    "The company explained its position to the consumer through the CFPB, without relief.",
)
# Company response → (outcome, remedies); None = not answered yet, the complaint stays open.
RESPONSES = {
    "Closed with monetary relief": ("upheld", [MONETARY]),
    "Closed with non-monetary relief": ("upheld", [NON_MONETARY]),
    "Closed with explanation": ("not_upheld", [EXPLANATION]),
    "Closed without relief": ("not_upheld", []),
    "Closed": ("not_upheld", []),
    "In progress": None,
    "Untimely response": None,
}


class RowError(ValueError):
    """A row that cannot become a complaint; the message is the reason in the rejects file."""


def missing_columns(header: list[str]) -> list[str]:
    return [c for c in COLUMNS if c not in header]


def _day(row: dict, column: str, required: bool) -> date | None:
    value = row[column].strip()
    if not value and not required:
        return None
    try:
        if len(value) != 10:  # fromisoformat would also take 20120130 or week dates
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} '{value}' is not a date like 2012-01-30.") from None


def description(row: dict) -> tuple[str, str]:
    """The narrative, or (when the file has none) a description built from the issue."""
    if row[NARRATIVE].strip():
        return row[NARRATIVE], "narrative"
    parts = [
        f"{label}: {row[col]}."
        for label, col in (("Product", "Product"), ("Issue", "Issue"), ("Sub-issue", "Sub-issue"))
        if row[col]
    ]
    return (
        "No narrative in the CFPB export (the consumer did not consent to publish it); "
        "described from the CFPB classification. " + " ".join(parts)
    ), "classification"


def to_row(line: int, row: dict) -> IncomingRow:
    """One CFPB record as a complaint to receive, or RowError saying why it cannot be."""
    ident = row["Complaint ID"].strip()
    if not ident:
        raise RowError("Complaint ID is empty: without it the row cannot be imported once only.")
    received = _day(row, "Date received", required=True)
    _day(row, "Date sent to company", required=False)
    if not row["Product"].strip():
        raise RowError("Product is empty: the complaint cannot be classified.")
    response = row["Company response to consumer"]
    if response not in RESPONSES:
        raise RowError(
            f"Company response to consumer '{response}' is not one of: {', '.join(RESPONSES)}."
        )
    text, source_of_text = description(row)
    product = row["Product"] + (f" › {row['Sub-product']}" if row["Sub-product"] else "")
    path = tuple(v for v in (row["Product"], row["Issue"]) if v)
    if row["Issue"] and row["Sub-issue"]:
        path += (row["Sub-issue"],)
    place = " ".join(v for v in (row["State"], row["ZIP code"]) if v)
    older = "Older American" in [t.strip() for t in row["Tags"].split(",")]
    receipt = {
        "channel": CHANNELS.get(row["Submitted via"], "import"),
        "description": text,
        "received_at": datetime(received.year, received.month, received.day, tzinfo=UTC),
        "external_reference": ident,
        "product": product,
        "people_involved": row["Company"],
        "complainant": {
            "name": f"CFPB consumer {ident}",
            "postal_address": "\n".join(
                filter(None, [f"Reply through the CFPB company portal, complaint {ident}", place])
            ),
            "accessibility_needs": "Older American (CFPB tag)" if older else "",
        },
    }
    provenance = {
        "columns": SOURCE,
        "record": [row[c] for c in KEPT],
        "description_from": source_of_text,
    }
    if len(row) > len(COLUMNS):
        provenance["extra"] = {k: v for k, v in row.items() if k not in COLUMN_SET}
    return IncomingRow(
        line=line,
        receipt=receipt,
        category_path=path,
        resolution=_resolution(row),
        provenance=provenance,
    )


def _resolution(row: dict) -> Resolution | None:
    answer = RESPONSES[row["Company response to consumer"]]
    if answer is None:
        return None
    outcome, remedies = answer
    response = row["Company response to consumer"]
    reasons = f"The company's response to the consumer (CFPB): {response}."
    if row["Company public response"]:
        reasons += f" Its public response: {row['Company public response']}."
    return Resolution(
        outcome=outcome,
        reasons=reasons,
        method=PORTAL,
        remedies=[
            {"kind": kind, "description": text, "currency": "USD" if kind == "refund" else ""}
            for kind, text in remedies
        ],
        evidence="The CFPB export shows the complaint closed with this response.",
        closure_reason=ClosureReason.FINAL_RESPONSE_ISSUED,
        facts={
            "timely_response": row["Timely response?"] == "Yes",
            "consumer_disputed": {"Yes": True, "No": False}.get(row["Consumer disputed?"]),
        },
    )


def source_fields(kept: dict) -> dict[str, str]:
    """The columns of the source row kept in the trail (`data["import"]` of the first
    event), as {column: value}: a CFPB record, or the fields of a generic import."""
    if "record" not in kept:
        return dict(kept.get("fields", {}))
    if kept.get("columns") != SOURCE:
        raise ValueError(f"Unknown column list {kept.get('columns')!r}.")
    return {**dict(zip(KEPT, kept["record"], strict=True)), **kept.get("extra", {})}

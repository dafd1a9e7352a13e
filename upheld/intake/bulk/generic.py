"""Any CSV, through a JSON mapping from Upheld fields to the file's columns (ISO 10002 7.2).

    {
      "source": "old-crm",                       # names the system; re-imports skip its IDs
      "columns": {
        "external_reference": "Case no",         # required
        "received_at": "Received",               # required
        "description": "What happened",          # required
        "channel": "How",                        # optional; see channel_values
        "category": ["Area", "Topic"],           # optional; a path, top level first
        "product": "Product", "occurred_on": "Date of incident",
        "remedy_sought": "...", "immediate_action": "...", "people_involved": "...",
        "complainant.name": "Name", "complainant.email": "E-mail",
        "complainant.phone": "...", "complainant.postal_address": "...",
        "complainant.organisation": "...", "complainant.preferred_language": "...",
        "complainant.accessibility_needs": "..."
      },
      "date_format": "%d/%m/%Y %H:%M",           # strptime; default ISO 8601
      "timezone": "Europe/London",               # for times without an offset; default UTC
      "channel_values": {"Online": "web", "Telephone": "phone"},
      "default_channel": "import"
    }

Rows arrive open (received); those with a category are classified. Every value of the row
except the description is kept in the `received` event of the trail.
"""

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from upheld.complaints.intake_rules import PERSON_FIELDS
from upheld.complaints.lifecycle.batch import IncomingRow
from upheld.complaints.models import Channel

from .cfpb import RowError

TEXT = (
    "external_reference",
    "description",
    "product",
    "remedy_sought",
    "immediate_action",
    "people_involved",
)
FIELDS = {
    *TEXT,
    "received_at",
    "occurred_on",
    "channel",
    "category",
    *(f"complainant.{f}" for f in PERSON_FIELDS),
}
REQUIRED = ("external_reference", "received_at", "description")


class MappingError(ValueError):
    """The mapping file itself is wrong; nothing is imported."""


class Mapping:
    def __init__(self, spec: dict, header: list[str]):
        columns = spec.get("columns")
        if not isinstance(columns, dict):
            raise MappingError('The mapping needs "columns": {Upheld field: CSV column}.')
        problems = [
            f"unknown Upheld field '{f}' (use: {', '.join(sorted(FIELDS))})"
            for f in columns
            if f not in FIELDS
        ]
        problems += [f"'{f}' is required" for f in REQUIRED if f not in columns]
        for name, column in columns.items():
            if isinstance(column, list) and name != "category":
                problems.append(f"{name}: one column, not a list (only category is a path)")
                continue
            for col in column if isinstance(column, list) else [column]:
                if col not in header:
                    problems.append(f"{name}: the file has no column '{col}'")
        self.source = spec.get("source") or "generic"
        self.date_format = spec.get("date_format")
        try:
            self.zone = ZoneInfo(spec.get("timezone") or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"unknown timezone '{spec.get('timezone')}'")
        self.channel_values = spec.get("channel_values") or {}
        self.default_channel = spec.get("default_channel") or Channel.IMPORT
        for value in [*self.channel_values.values(), self.default_channel]:
            if value not in Channel.values:
                problems.append(f"channel '{value}' is not one of {', '.join(Channel.values)}")
        if problems:
            raise MappingError("The mapping is wrong: " + "; ".join(problems) + ".")
        self.columns = columns

    @classmethod
    def load(cls, path: str | Path, header: list[str]) -> "Mapping":
        try:
            spec = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise MappingError(f"Cannot read the mapping file {path}: {exc}") from None
        if not isinstance(spec, dict):
            raise MappingError("The mapping file must hold a JSON object.")
        return cls(spec, header)

    def _when(self, name: str, value: str, *, day: bool = False):
        value = value.strip()
        if not value:
            return None
        try:
            if self.date_format:
                parsed = datetime.strptime(value, self.date_format)  # noqa: DTZ007
            else:
                parsed = datetime.fromisoformat(value)
        except ValueError:
            example = self.date_format or "ISO 8601, like 2026-03-01T09:30"
            raise RowError(f"{self.columns[name]} '{value}' is not a date ({example}).") from None
        if day:
            return parsed.date()
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=self.zone)
        try:
            return parsed.astimezone(UTC)
        except OverflowError:  # year 1 east of UTC, year 9999 west of it
            raise RowError(f"{self.columns[name]} '{value}' is out of range.") from None

    def to_row(self, line: int, row: dict) -> IncomingRow:
        cols = self.columns
        receipt = {name: row[cols[name]] for name in TEXT if name in cols}
        if not receipt["external_reference"].strip():
            raise RowError(
                f"{cols['external_reference']} is empty: without it the row "
                "cannot be imported once only."
            )
        receipt["received_at"] = self._when("received_at", row[cols["received_at"]])
        if receipt["received_at"] is None:
            raise RowError(f"{cols['received_at']} is empty: give the date it was received.")
        if "occurred_on" in cols:
            receipt["occurred_on"] = self._when("occurred_on", row[cols["occurred_on"]], day=True)
        channel = row[cols["channel"]].strip() if "channel" in cols else ""
        receipt["channel"] = self.channel_values.get(channel) or (
            channel if channel in Channel.values else self.default_channel
        )
        receipt["complainant"] = {
            name.split(".", 1)[1]: row[col]
            for name, col in cols.items()
            if name.startswith("complainant.")
        }
        category = cols.get("category") or []
        path = tuple(
            row[c].strip() for c in (category if isinstance(category, list) else [category])
        )
        path = path[: path.index("")] if "" in path else path
        kept = {k: v for k, v in row.items() if k != cols["description"]}
        return IncomingRow(
            line=line, receipt=receipt, category_path=path, provenance={"fields": kept}
        )

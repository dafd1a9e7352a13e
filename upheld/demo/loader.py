"""Load the demo: organisation, staff, taxonomy, and the CFPB sample in varied stages.

Idempotent: complaints are keyed by their CFPB complaint ID (external_reference); a row
already loaded is skipped, so a second run creates nothing and returns at once.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from tqdm import tqdm

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.models import Category, Complaint

from .sample import SampleRow, read_sample
from .staff import configure_organisation, ensure_staff
from .stages import Walker


@dataclass
class LoadReport:
    loaded: int = 0
    skipped: int = 0
    stages: Counter = field(default_factory=Counter)
    new_passwords: dict[str, str] = field(default_factory=dict)


def build_taxonomy(rows: list[SampleRow]) -> dict[tuple[str, str], Category]:
    """ISO 10002 8.2: CFPB products as categories, their issues as subcategories."""
    taxonomy = {}
    for row in rows:
        key = (row.product, row.issue)
        if key in taxonomy:
            continue
        product, _ = Category.objects.get_or_create(name=row.product[:200], parent=None)
        issue = row.issue[:200] or "Other"
        taxonomy[key], _ = Category.objects.get_or_create(name=issue, parent=product)
    return taxonomy


def load_demo(*, limit: int | None = None, progress: bool | None = None) -> LoadReport:
    configure_organisation()
    cast = ensure_staff()
    report = LoadReport(new_passwords=cast.new_passwords)
    rows = list(read_sample())[:limit]
    loaded = set(
        Complaint.objects.filter(external_reference__in=[r.complaint_id for r in rows]).values_list(
            "external_reference", flat=True
        )
    )
    report.skipped = len(loaded)
    todo = [(i, r) for i, r in enumerate(rows) if r.complaint_id not in loaded]
    if not todo:
        return report
    walker = Walker(cast, build_taxonomy(rows))
    for index, row in tqdm(
        todo,
        desc="Demo complaints",
        unit="complaint",
        disable=None if progress is None else not progress,
    ):
        by = SYSTEM if row.channel in ("web", "email") else cast.handlers[index % 2]
        with transaction.atomic():
            complaint = lifecycle.receive(by=by, **row.receipt())
            report.stages[walker.walk(complaint, row, index)] += 1
        report.loaded += 1
    return report

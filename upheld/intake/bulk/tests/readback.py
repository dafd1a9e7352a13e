"""Read imported CFPB complaints back out of Upheld, column by column, for the tests."""

import csv
from collections import Counter
from pathlib import Path

from django.db.models import Count
from django.db.models.fields.json import KT

from upheld.complaints.events import data_of
from upheld.complaints.models import Category, Complaint, EventPersonal
from upheld.intake.bulk import cfpb

SAMPLE = Path(__file__).parent / "data" / "cfpb_sample.csv"
CFPB_CSV = Path("data") / "cfpb" / "complaints.csv"


def _full_export() -> Path:
    """The whole CFPB export: $UPHELD_CFPB_CSV, else ../shared beside the repository, else the
    workplace's shared folder (where CI, cloning elsewhere on the same machine, finds it)."""
    import os

    repo = Path(__file__).resolve().parents[4]
    candidates = [Path(os.environ["UPHELD_CFPB_CSV"])] if os.environ.get("UPHELD_CFPB_CSV") else []
    candidates += [repo.parent / "shared" / CFPB_CSV, Path("/work/shared") / CFPB_CSV]
    return next((c for c in candidates if c.exists()), candidates[0])


FULL = _full_export()


def file_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def file_counts(path: Path) -> tuple[Counter, Counter, int]:
    """Rows of the file by Product and by Submitted via, and the number of rows."""
    products, channels, total = Counter(), Counter(), 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            products[row["Product"]] += 1
            channels[row["Submitted via"]] += 1
            total += 1
    return products, channels, total


def db_counts() -> tuple[Counter, Counter]:
    """Imported complaints by product (from the record) and by Submitted via (the trail)."""
    products = Counter()
    for product, n in (
        Complaint.objects.exclude(external_reference="")
        .values_list("product")
        .annotate(n=Count("pk"))
    ):
        products[product.split(" › ")[0]] += n
    # The source record is personal data: it is kept beside the trail (EventPersonal).
    received = EventPersonal.objects.filter(event__seq=1, event__data__import__source=cfpb.SOURCE)
    via = cfpb.KEPT.index("Submitted via")
    channels = Counter(
        dict(received.values_list(KT(f"data__import__record__{via}")).annotate(n=Count("pk")))
    )
    return products, channels


def category_path(category: Category | None) -> list[str]:
    names = []
    while category is not None:
        names.insert(0, category.name)
        category = category.parent
    return names


def read_back(complaint: Complaint) -> dict:
    """The CFPB row as Upheld holds it: the mapped fields from the complaint record, the
    columns Upheld has no field for from the `received` event of its trail."""
    received = data_of(complaint.events.get(seq=1))
    kept = cfpb.source_fields(received["import"])
    product, _, sub_product = complaint.product.partition(" › ")
    path = category_path(complaint.category)
    narrative = (
        complaint.description if received["import"]["description_from"] == "narrative" else ""
    )
    return {
        **kept,
        "Date received": complaint.received_at.date().isoformat(),
        "Product": product,
        "Sub-product": sub_product,
        "Issue": path[1] if len(path) > 1 else "",
        "Sub-issue": path[2] if len(path) > 2 else "",
        "Consumer complaint narrative": narrative,
        "Company": complaint.people_involved,
        "Complaint ID": complaint.external_reference,
    }

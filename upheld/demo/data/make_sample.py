"""How cfpb_sample.csv was made from the full CFPB export (kept for reproducibility).

    python upheld/demo/data/make_sample.py ../shared/data/cfpb/complaints.csv

Deterministic: ~250 rows with a consumer narrative (round-robin over products, shortest
narratives under 3,000 characters, newest first) plus ~50 rows from the channels that
never carry a narrative (phone, postal mail, referral, fax, e-mail), in file order.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

NARRATIVE = "Consumer complaint narrative"
WITH_NARRATIVE, PER_OTHER_CHANNEL = 250, 10


def select(rows: list[dict]) -> list[dict]:
    by_product: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        text = row[NARRATIVE].strip()
        if text and len(text) <= 3000:
            by_product[row["Product"]].append(row)
    for group in by_product.values():
        group.sort(key=lambda r: (r["Date received"], int(r["Complaint ID"])), reverse=True)
    chosen: list[dict] = []
    while len(chosen) < WITH_NARRATIVE and any(by_product.values()):
        for product in sorted(by_product):
            if by_product[product] and len(chosen) < WITH_NARRATIVE:
                chosen.append(by_product[product].pop(0))
    per_channel: dict[str, int] = defaultdict(int)
    for row in rows:
        via = row["Submitted via"]
        if via != "Web" and not row[NARRATIVE].strip() and per_channel[via] < PER_OTHER_CHANNEL:
            per_channel[via] += 1
            chosen.append(row)
    keep = {id(r) for r in chosen}
    return [r for r in rows if id(r) in keep]


def main(source: str) -> None:
    with open(source, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    out = Path(__file__).with_name("cfpb_sample.csv")
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(select(rows))


if __name__ == "__main__":
    main(sys.argv[1])

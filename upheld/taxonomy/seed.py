"""Load a taxonomy version from its JSON file (data/*.json), idempotently.

A file: {"dimension", "version", "title", "source", "valid_from", "valid_until",
"terms": [{"code", "label", "group"}], and for a version that replaces another,
"replaces": {"version": OLD, "map": {old_code: new_code}}}. Every old term must be mapped:
a term left out would drop out of trends across the change, so it is refused."""

import json
from pathlib import Path

from django.db import transaction

DATA = Path(__file__).parent / "data"
SHIPPED = ("cause_1.json", "fca_product_2016.json", "fca_cause_2016.json")


class TaxonomyFileError(ValueError):
    pass


def load(spec: dict, *, models=None):
    """Create or update the version `spec` describes; returns the Taxonomy."""
    if models is None:
        from .models import Taxonomy, Term
    else:  # a data migration passes its historical models
        Taxonomy, Term = models
    with transaction.atomic():
        tax, _ = Taxonomy.objects.update_or_create(
            dimension=spec["dimension"],
            version=spec["version"],
            defaults={
                "title": spec["title"],
                "source": spec.get("source", ""),
                "valid_from": spec["valid_from"],
                "valid_until": spec.get("valid_until"),
            },
        )
        codes = set()
        for item in spec["terms"]:
            codes.add(item["code"])
            Term.objects.update_or_create(
                taxonomy=tax,
                code=item["code"],
                defaults={"label": item["label"], "group": item.get("group", "")},
            )
        replaces = spec.get("replaces")
        if replaces:
            old = Taxonomy.objects.get(dimension=spec["dimension"], version=replaces["version"])
            mapping = replaces["map"]
            old_terms = list(Term.objects.filter(taxonomy=old))
            missing = sorted(t.code for t in old_terms if t.code not in mapping)
            unknown = sorted(v for v in mapping.values() if v not in codes)
            if missing or unknown:
                raise TaxonomyFileError(
                    f"replaces.map: old terms not mapped {missing}, new codes unknown {unknown}"
                )
            new = {t.code: t for t in Term.objects.filter(taxonomy=tax)}
            for term in old_terms:
                term.successor = new[mapping[term.code]]
                term.save(update_fields=["successor"])
    return tax


def load_file(path, *, models=None):
    return load(json.loads(Path(path).read_text(encoding="utf-8")), models=models)


def load_shipped(*, models=None) -> None:
    for name in SHIPPED:
        load_file(DATA / name, models=models)

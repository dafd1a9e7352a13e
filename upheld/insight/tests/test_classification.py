"""ISO 10002 8.2 and DISP 1 Annex 1R: complaints are classified on versioned dimensions,
and a complaint under an FCA regime is not closed before it has its product group and cause."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import GateNotMet, InvalidInput
from upheld.taxonomy import seed
from upheld.taxonomy.models import Taxonomy, Term
from upheld.taxonomy.seed import TaxonomyFileError


def term(dimension, code):
    return Term.objects.get(taxonomy__dimension=dimension, code=code)


def test_the_fca_product_groups_and_causes_are_data_loaded_by_a_migration(db):
    products = Term.objects.filter(taxonomy__dimension="fca_product")
    assert products.filter(code="current-accounts", group="Banking and credit cards").exists()
    assert set(
        Term.objects.filter(taxonomy__dimension="fca_cause").values_list("code", flat=True)
    ) >= {"advising-selling-arranging", "terms-disputed-sums", "general-admin", "arrears", "other"}


def test_classify_sets_cause_and_fca_dimensions_and_records_their_version(complaint_in, handler):
    c = complaint_in("investigating")
    c = lifecycle.classify(
        c,
        by=handler,
        cause=term("cause", "delay").pk,
        fca_product=term("fca_product", "credit-cards").pk,
        fca_cause=term("fca_cause", "general-admin").pk,
    )
    c.refresh_from_db()
    assert c.cause.code == "delay" and c.fca_product.code == "credit-cards"
    event = c.events.order_by("-seq").first()
    assert event.kind == "classified"
    assert event.data["fca_product"]["version"] == "DISP1-Annex1R-2016"


def test_a_term_of_another_dimension_is_refused_naming_the_field(complaint_in, handler):
    c = complaint_in("investigating")
    with pytest.raises(InvalidInput) as refused:
        lifecycle.classify(c, by=handler, fca_product=term("cause", "delay").pk)
    assert list(refused.value.errors) == ["fca_product"]
    c.refresh_from_db()
    assert c.fca_product_id is None


def test_under_an_fca_regime_close_refuses_a_complaint_without_its_fca_classification(
    cast, complaint_in, handler
):
    c = cast.under("fca", complaint_in("accepted"))
    c = lifecycle.classify(c, by=handler, category=cast.category)
    for remedy in c.decisions.last().remedies.filter(state="pending"):
        c = lifecycle.carry_out_remedy(c, by=handler, remedy=remedy.pk, evidence="Paid.")
    with pytest.raises(GateNotMet, match="fca_product, fca_cause"):
        lifecycle.close(c, by=handler)
    c = lifecycle.classify(c, by=handler, fca_product=term("fca_product", "current-accounts").pk)
    with pytest.raises(GateNotMet, match="fca_cause"):
        lifecycle.close(c, by=handler)
    c = lifecycle.classify(c, by=handler, fca_cause=term("fca_cause", "general-admin").pk)
    assert lifecycle.close(c, by=handler).status == "closed"


def test_a_new_version_maps_every_old_term_and_analysis_counts_under_the_new(db):
    old = Taxonomy.objects.get(dimension="fca_cause")
    codes = list(old.terms.values_list("code", flat=True))
    spec = {
        "dimension": "fca_cause",
        "version": "2027-test",
        "title": "A new list",
        "valid_from": "2027-01-01",
        "terms": [{"code": "service", "label": "Service"}, {"code": "other", "label": "Other"}],
        "replaces": {"version": old.version, "map": {c: "service" for c in codes[:-1]}},
    }
    with pytest.raises(TaxonomyFileError, match="not mapped"):
        seed.load(spec)
    spec["replaces"]["map"][codes[-1]] = "other"
    seed.load(spec)
    assert term("fca_cause", "general-admin").successor.code == "service"

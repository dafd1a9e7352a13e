"""The vocabulary is the database's too: a row with a value outside its choices or scales is
refused by the database itself (CheckConstraints), whoever writes it — a bug, a raw SQL
import, a hand edit — on SQLite and PostgreSQL alike (ISO 10002 8.1: records that can be
trusted). Each case writes one bad value past the lifecycle, on purpose."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from upheld.complaints.models import (
    ASSESSMENT_SCALES,
    Complaint,
    Decision,
    Priority,
    Remedy,
)

from .helpers import REMEDIES, S


def refused(queryset, **values) -> bool:
    """Whether the database refuses the UPDATE (nothing is changed either way)."""
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


@pytest.fixture
def assessed(complaint_in):
    return Complaint.objects.filter(pk=complaint_in(S.ASSESSED).pk)


@pytest.mark.parametrize(
    "values",
    [
        {"status": "lost"},
        {"status": ""},
        {"paused_from": "sleeping"},
        {"channel": "fax"},
        {"triage": "maybe"},
        {"complainant_answer": "shrugged"},
        {"closure_reason": "bored"},
        {"priority": 0},
        {"priority": len(Priority) + 1},
        {"escalation_level": -1},
        *({name: 0} for name in ASSESSMENT_SCALES),
        *({name: top + 1} for name, top in ASSESSMENT_SCALES.items()),
    ],
    ids=repr,
)
def test_a_complaint_outside_the_vocabulary_is_refused_by_the_database(assessed, values):
    before = assessed.values().get()
    assert refused(assessed, **values)
    assert assessed.values().get() == before


@pytest.mark.parametrize(
    "values",
    [
        {"priority": None, "severity": None, "complexity": None, "impact": None},
        {"priority": Priority.LOW, **ASSESSMENT_SCALES},  # the top of every scale
        {"severity": 1, "complexity": 1, "impact": 1},
        {"complainant_answer": "", "closure_reason": "", "triage": "", "paused_from": ""},
    ],
    ids=repr,
)
def test_values_within_the_vocabulary_are_stored(assessed, values):
    assert not refused(assessed, **values)


@pytest.fixture
def decided(complaint_in):
    return complaint_in(S.DECIDED)


def test_a_decision_has_one_of_the_outcomes(decided):
    decisions = Decision.objects.filter(complaint=decided)
    assert refused(decisions, outcome="sort of")
    assert not refused(decisions, outcome="not_upheld")


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("refund", {"amount": Decimal("-1.00")}),
        ("refund", {"amount": Decimal("0")}),
        ("apology", {"amount": Decimal("10.00")}),  # only money has an amount
        ("apology", {"kind": "cake"}),
        ("apology", {"state": "forgotten"}),
    ],
    ids=repr,
)
def test_a_remedy_outside_its_vocabulary_is_refused(decided, kind, values):
    remedy = Remedy.objects.filter(decision__complaint=decided, kind=kind)
    assert remedy.exists() and refused(remedy, **values)


def test_a_refund_keeps_a_positive_amount_or_none_at_all(decided):
    assert [r["kind"] for r in REMEDIES] == ["apology", "refund"]
    refund = Remedy.objects.filter(decision__complaint=decided, kind="refund")
    assert not refused(refund, amount=Decimal("0.01"))
    assert not refused(refund, amount=None)  # an import may not know it


def test_a_queue_sorts_by_urgency_in_sql(cast, handler):
    """Priority is a number, lower sooner (ISO 10002 7.5): ORDER BY priority is the queue,
    the complaints not yet assessed last, on SQLite and PostgreSQL alike."""
    from django.db.models import F

    from upheld.complaints import lifecycle

    from .helpers import ASSESSMENT

    wanted = {
        "low": ASSESSMENT | {"severity": 1, "complexity": 1, "impact": 1},
        "urgent": ASSESSMENT | {"safety_implication": True},
        "medium": ASSESSMENT,
        "high": ASSESSMENT | {"severity": 3, "complexity": 3, "impact": 3},
    }
    for name, assessment in wanted.items():
        lifecycle.assess(cast.receive(description=name), by=handler, **assessment)
    cast.receive(description="not assessed yet")
    queue = Complaint.objects.order_by(F("priority").asc(nulls_last=True), "received_at")
    assert [c.description for c in queue] == [
        "urgent",
        "high",
        "medium",
        "low",
        "not assessed yet",
    ]

"""ISO 10002 8.7; capability row 46: a root cause analysis linked to one or many complaints,
from a problem the monitoring flagged or chosen on the desk, with its method and notes, the
cause in the taxonomy's cause dimension, the answer to "could this cause affect other
products, services or processes?", and its owner; actions are raised from it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.tests.helpers import RECEIPT
from upheld.improve.actions import raise_action
from upheld.improve.actions.common import NotNow
from upheld.improve.actions.root_causes import (
    conclude,
    open_from_problem,
    open_root_cause,
    record_analysis,
)
from upheld.improve.models import RootCause
from upheld.insight import summaries
from upheld.insight.trends import problems
from upheld.taxonomy.models import Term


def test_an_analysis_is_opened_on_complaints_chosen_on_the_desk(manager, handler, make_complaint):
    a, b = make_complaint(), make_complaint()
    rc = open_root_cause(by=manager, title="Double charges", complaints=[a.reference, b.reference],
                         owner=handler, method="fishbone")  # fmt: skip
    assert set(rc.complaints.all()) == {a, b}
    assert (rc.owner, rc.method, rc.state, rc.flagged_kind) == (handler, "fishbone", "open", "")


def test_bad_input_names_the_fields_and_records_nothing(manager, make_complaint):
    with pytest.raises(InvalidInput) as e:
        open_root_cause(by=manager, title="", complaints=["CMP-1999-000001"], owner=None,
                        method="tarot")  # fmt: skip
    assert set(e.value.errors) == {"title", "complaints", "owner", "method"}
    assert "CMP-1999-000001" in str(e.value)
    assert not RootCause.objects.exists()


def test_only_the_complaints_manager_opens_one(handler, auditor, make_complaint):
    c = make_complaint()
    for who in (handler, auditor):
        with pytest.raises(NotPermitted):
            open_root_cause(by=who, title="x", complaints=[c.reference], owner=who)


def test_it_concludes_only_with_a_cause_and_the_question_of_others_answered(
    manager, handler, make_complaint, cause
):
    rc = open_root_cause(by=manager, title="Late refunds", complaints=[make_complaint().reference],
                         owner=handler)  # fmt: skip
    with pytest.raises(InvalidInput) as e:
        conclude(rc, by=manager)
    assert set(e.value.errors) == {"cause", "affects_others"}
    with pytest.raises(InvalidInput) as e:
        record_analysis(rc, by=manager, method="five_whys", notes="Why? …", cause=cause.pk,
                        affects_others=True, affects_which="")  # fmt: skip
    assert set(e.value.errors) == {"affects_which"}
    fca = Term.objects.filter(taxonomy__dimension="fca_cause").first()
    with pytest.raises(InvalidInput) as e:
        record_analysis(rc, by=manager, method="five_whys", notes="", cause=fca.pk,
                        affects_others=False)  # fmt: skip
    assert set(e.value.errors) == {"cause"}
    record_analysis(rc, by=manager, method="five_whys",
                    notes="1. Why late? The batch runs weekly. 2. Why weekly? …",
                    cause=cause.pk, affects_others=True,
                    affects_which="Card refunds use the same batch.")  # fmt: skip
    rc = conclude(rc, by=manager)
    assert (rc.state, rc.cause, rc.affects_others) == ("concluded", cause, True)
    assert rc.affects_which == "Card refunds use the same batch."
    with pytest.raises(NotNow):
        record_analysis(rc, by=manager, method="other", notes="", cause=cause.pk,
                        affects_others=False)  # fmt: skip


def test_an_action_from_the_analysis_measures_its_cause(
    manager, handler, make_complaint, cause, business_day
):
    rc = open_root_cause(by=manager, title="Late refunds", complaints=[make_complaint().reference],
                         owner=handler, cause=cause.pk)  # fmt: skip
    kw = dict(what="Daily refund batch", kind="corrective", owner=handler, due=business_day())
    with pytest.raises(InvalidInput) as e:
        raise_action(by=manager, origin="root_cause", root_cause=rc, **kw)
    assert set(e.value.errors) == {"root_cause"}
    record_analysis(rc, by=manager, method="other", notes="", cause=cause.pk, affects_others=False)
    conclude(rc, by=manager)
    a = raise_action(by=manager, what="Daily refund batch", kind="corrective", owner=handler,
                     due=business_day(), origin="root_cause", root_cause=rc)  # fmt: skip
    assert (a.root_cause, a.cause) == (rc, cause)
    assert list(rc.actions.all()) == [a]


def test_an_analysis_is_opened_from_a_recurring_problem_the_monitoring_flagged(
    manager, handler, cast, cause
):
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    made = []
    for i in range(6):
        with time_machine.travel(start + timedelta(days=i), tick=False):
            c = lifecycle.receive(**RECEIPT)
            made.append(lifecycle.classify(c, by=handler, category=cast.category, cause=cause.pk))
    summaries.run_all()
    window = (datetime(2026, 6, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC))
    (problem,) = [p for p in problems(*window) if p.kind == "recurring"]
    rc = open_from_problem(by=manager, problem=problem, start=date(2026, 6, 1),
                           end=date(2026, 6, 30), owner=handler)  # fmt: skip
    assert set(rc.complaints.all()) == set(made)
    assert (rc.flagged_kind, rc.cause, rc.flagged_from) == ("recurring", cause, date(2026, 6, 1))
    assert "Recurring" in rc.title

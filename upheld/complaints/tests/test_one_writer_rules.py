"""One writer (issue 7): the import's batch path applies the lifecycle's own rules, so a rule
changed for the single moves changes for imports too. Each test gives both paths the same
input and expects the same answer."""

from datetime import UTC, datetime

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.actors import SYSTEM
from upheld.complaints.errors import GateNotMet, InvalidInput, NotPermitted
from upheld.complaints.lifecycle.batch import BulkSession, IncomingRow, Resolution, receive_batch
from upheld.deadlines import seed
from upheld.deadlines.models import ClockRule

from .helpers import RECEIPT

pytestmark = pytest.mark.django_db
RECEIVED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def imported(resolution=None, category=("Billing",), ref="SRC-1"):
    row = IncomingRow(
        line=2,
        receipt={**RECEIPT, "received_at": RECEIVED, "external_reference": ref},
        category_path=category,
        resolution=resolution,
    )
    return receive_batch([row], session=BulkSession("elsewhere"))


def refusal(result) -> str:
    [(_, reason)] = result.rejected
    return reason


CLOCK_FIELDS = ("key", "regime", "unit", "amount", "started_at", "due_at", "next_point")


def test_an_imported_complaint_has_the_clocks_of_one_received_alike(handler):
    seed.ensure()
    rule = ClockRule.objects.get(profile__regime="iso", key="final_response")
    rule.amount = 17
    rule.save()
    single = lifecycle.receive(**RECEIPT, received_at=RECEIVED, by=handler)
    [(_, reference)] = imported().created
    batch = type(single).objects.get(reference=reference)
    assert batch.response_due_at == single.response_due_at
    assert (batch.regime, batch.next_due_at) == (single.regime, single.next_due_at)
    assert single.response_due_at == datetime(2026, 3, 19, 23, 59, 59, 999999, tzinfo=UTC)

    def clocks(c):
        return list(c.clocks.order_by("key").values_list(*CLOCK_FIELDS))

    assert clocks(batch) == clocks(single) and len(clocks(single)) == 3


@pytest.mark.parametrize(
    ("remedy", "field"),
    [
        ({"kind": "refund", "amount": "0.001", "currency": "USD"}, "remedies.0.amount"),
        ({"kind": "refund", "amount": "-5", "currency": "USD"}, "remedies.0.amount"),
        ({"kind": "refund", "amount": "10", "currency": "€"}, "remedies.0.currency"),
        ({"kind": "a fruit basket"}, "remedies.0.kind"),
    ],
)
def test_a_remedy_the_decision_would_refuse_is_refused_in_an_import_with_its_words(
    complaint_in, cast, remedy, field
):
    c = complaint_in("investigating")
    with pytest.raises(InvalidInput) as single:
        lifecycle.decide(c, by=cast.handler, outcome="upheld", reasons="R", remedies=[remedy])
    result = imported(Resolution(outcome="upheld", reasons="R", remedies=[remedy]))
    assert refusal(result) == f"{field}: {single.value.errors[field][0]}"


def test_an_import_may_leave_out_an_amount_the_source_does_not_publish(org):
    remedy = {"kind": "refund", "currency": "usd"}
    result = imported(Resolution(outcome="upheld", reasons="Refunded.", remedies=[remedy]))
    assert result.rejected == [] and len(result.created) == 1


@pytest.mark.parametrize(
    ("reason", "category", "field"),
    [
        ("lost_interest", ("Billing",), "closure_reason"),
        ("referred_externally", ("Billing",), "closure_reason"),
        ("final_response_issued", (), "category"),
    ],
)
def test_an_import_closes_only_where_close_would(org, reason, category, field):
    """The gates of lifecycle.close for a complaint whose decision was communicated."""
    from upheld.complaints.lifecycle.rules import closure_gate, closure_reason_error
    from upheld.complaints.models import Status

    result = imported(
        Resolution(outcome="upheld", reasons="R", closure_reason=reason), category=category
    )
    why = (
        closure_reason_error(reason)
        or closure_gate(
            Status.DECISION_COMMUNICATED, reason, classified=bool(category), pending_remedies=[]
        )[1]
    )
    assert refusal(result) == f"{field}: {why}"


def test_close_refuses_with_the_same_gate(complaint_in, cast):
    c = complaint_in("decision_communicated")
    with pytest.raises(GateNotMet) as refused:
        lifecycle.close(c, by=cast.handler, reason="referred_externally")
    assert "'referred_externally' does not fit a complaint that is decision sent" in str(
        refused.value
    )


# ---------------------------------------------------------------- a failed message is a move


def test_a_failed_message_is_recorded_by_a_locked_move_in_any_state(complaint_in):
    for state in ("received", "closed", "withdrawn"):
        c = complaint_in(state)
        length = c.trail_length
        after = lifecycle.record_message_failure(
            c.pk,
            by=SYSTEM,
            message_id="<m@x>",
            kind="acknowledgement",
            to="ada@example.org",
            attempts=3,
            error="550",
        )
        assert (after.trail_length, after.status) == (length + 1, c.status)
        event = after.events.order_by("-seq").first()
        assert (event.kind, event.actor_label, event.data["attempts"]) == (
            "message_failed",
            "Upheld",
            3,
        )


def test_no_person_records_a_message_failure_nor_is_it_offered(complaint_in, cast):
    c = complaint_in("investigating")
    with pytest.raises(NotPermitted, match="Only Upheld itself"):
        lifecycle.record_message_failure(
            c, by=cast.manager, message_id="m", kind="decision", to="a@b.c", attempts=1, error=""
        )
    assert "record_message_failure" not in lifecycle.allowed_moves(c)

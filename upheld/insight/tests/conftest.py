"""A small hand-made history, each moment set by time travel, through the real moves."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from upheld.api.tests.conftest import api_as  # noqa: F401  (the API's client fixture)
from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT, SYSTEM
from upheld.complaints.tests.helpers import ASSESSMENT, REASONS, RECEIPT, Cast, pending_remedies
from upheld.insight import summaries
from upheld.letters.tests.conftest import letterhead  # noqa: F401  (FCA letters' fixture)


@pytest.fixture
def cast(handler, manager, senior_manager, category):
    return Cast(handler=handler, manager=manager, reviewer=senior_manager, category=category)


class History:
    def __init__(self, cast):
        self.cast = cast

    def at(self, when: datetime, move, *args, **kwargs):
        with time_machine.travel(when, tick=False):
            return move(*args, **kwargs)

    def received(self, when: datetime, **receipt):
        return self.at(when, lifecycle.receive, **{**RECEIPT, **receipt})

    def decided_and_closed(
        self, c, start, *, ack_h, decide_h, close_h, outcome="upheld", remedies=(), answer=True
    ):
        h, m = self.cast.handler, self.cast.manager
        c = self.at(start + timedelta(hours=ack_h), lifecycle.acknowledge, c, by=SYSTEM)
        t = start + timedelta(hours=ack_h, minutes=1)
        c = self.at(t, lifecycle.assess, c, by=h, **ASSESSMENT)
        c = self.at(t, lifecycle.assign, c, by=m, assignee=h)
        c = self.at(t, lifecycle.investigate, c, by=h, plan="Look.")
        t = start + timedelta(hours=decide_h)
        c = self.at(
            t, lifecycle.decide, c, by=h, outcome=outcome, reasons=REASONS, remedies=list(remedies)
        )
        c = self.at(t, lifecycle.communicate_decision, c, by=h)
        if not answer:
            return c
        c = self.at(t, lifecycle.accept, c, by=COMPLAINANT)
        t = start + timedelta(hours=close_h)
        c = self.at(t, lifecycle.classify, c, by=h, category=self.cast.category)
        for remedy in pending_remedies(c):
            c = self.at(t, lifecycle.carry_out_remedy, c, by=h, remedy=remedy.pk, evidence="Paid.")
        return self.at(t, lifecycle.close, c, by=h)


@pytest.fixture
def history(cast):
    return History(cast)


@pytest.fixture
def march(history):
    """Three complaints received in March 2026 (Monday 2 March is the first):
    A upheld with a refund of 25.00 GBP, B not upheld, C still open."""
    a0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    b0 = datetime(2026, 3, 3, 10, tzinfo=UTC)
    c0 = datetime(2026, 3, 4, 11, tzinfo=UTC)
    refund = {"kind": "refund", "description": "Fee", "amount": "25.00", "currency": "GBP"}
    a = history.decided_and_closed(
        history.received(a0), a0, ack_h=1, decide_h=48, close_h=72, remedies=[refund]
    )
    b = history.decided_and_closed(
        history.received(b0), b0, ack_h=3, decide_h=120, close_h=144, outcome="not_upheld"
    )
    c = history.received(c0)
    c = history.at(c0 + timedelta(hours=2), lifecycle.acknowledge, c, by=SYSTEM)
    summaries.run_all()
    return a, b, c


MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


@pytest.fixture
def complaint_in(cast):
    """complaint_in("decided") → a complaint brought there through the real moves."""
    return cast.bring_to

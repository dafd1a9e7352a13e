"""Objectives (ISO 10002 6.2): a target per clock and period, stored, and the actual share
of that clock met in the period beside it."""

from datetime import date
from decimal import Decimal

import pytest

from upheld.deadlines.models import Objective
from upheld.deadlines.objectives import actual

from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_share_of_acknowledgements_in_time_is_set_beside_its_target(clockwork):
    objective = Objective.objects.create(
        title="95 % acknowledged within 8 working hours",
        clock_key="acknowledge",
        target_percent=Decimal("95"),
        period="quarter",
        valid_from=date(2026, 10, 1),
    )
    for hour in (10, 11, 12):  # each received on 30 Nov, due 1 Dec at the same hour
        c = clockwork.receive(at(2026, 11, 30, hour))
        clockwork.make(at(2026, 12, 1, 10, 30), "acknowledge", c)  # in time only for 11, 12
    c = clockwork.receive(at(2026, 11, 30, 13))  # still open: not counted
    result = actual(objective, at(2026, 10, 1), at(2027, 1, 1))
    assert (result.met, result.total, result.percent) == (2, 3, Decimal("66.67"))
    assert result.on_target is False
    assert actual(objective, at(2027, 1, 1), at(2027, 4, 1)).percent is None

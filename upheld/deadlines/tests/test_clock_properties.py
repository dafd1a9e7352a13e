"""Properties where the rules combine (hypothesis): whatever moves are made, in whatever
order, at whatever instants, under whatever regime, no started clock is reset (its start
never moves), none is shortened (its due instant never comes earlier: a pause only adds),
and a stopped clock never changes again."""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.complaints import lifecycle
from upheld.complaints.errors import LifecycleError
from upheld.complaints.permissions import ASSIGNEE_ONLY
from upheld.deadlines.models import Clock
from upheld.deadlines.regimes import Regime

from .conftest import at

pytestmark = pytest.mark.django_db
SKIPPED = {"receive", "act_on_clock", "record_message_failure", "anonymise", "merge"}
MOVES = sorted(set(lifecycle.MOVES) - SKIPPED)


def snapshot(complaint) -> dict:
    return {
        k.pk: (k.started_at, k.due_at, k.stopped_at)
        for k in Clock.objects.filter(complaint=complaint)
    }


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    regime=st.sampled_from(Regime.values),
    length=st.integers(min_value=1, max_value=16),
    data=st.data(),
)
def test_no_sequence_of_moves_resets_or_shortens_a_started_clock(clockwork, regime, length, data):
    cast = clockwork.cast
    now = at(2026, 11, 30, 10)
    c = clockwork.receive(now)
    if regime != c.regime:
        c = clockwork.make(now, "choose_regime", c, regime=regime, reason="For the property.")
    seen = snapshot(c)
    for _ in range(length):
        # Mostly a move the state allows (so walks get far), sometimes any move.
        offered = [m for m in lifecycle.allowed_moves(c) if m in MOVES] or MOVES
        move = data.draw(st.sampled_from(offered) | st.sampled_from(MOVES))
        now += timedelta(minutes=data.draw(st.integers(min_value=0, max_value=20 * 24 * 60)))
        by = cast.handler if move in ASSIGNEE_ONLY else cast.manager
        try:
            with transaction.atomic():
                c = clockwork.make(now, move, c, by=by)
        except LifecycleError:
            pass  # refused moves change nothing (tested elsewhere)
        c.refresh_from_db()
        for pk, (started, due, stopped) in snapshot(c).items():
            if pk not in seen:
                continue
            before_started, before_due, before_stopped = seen[pk]
            assert started == before_started, f"{move} moved the start of a clock"
            assert due >= before_due, f"{move} brought a due instant forward"
            if before_stopped is not None:
                assert (due, stopped) == (before_due, before_stopped), (
                    f"{move} changed a stopped clock"
                )
        seen = snapshot(c)

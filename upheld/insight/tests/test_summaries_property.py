"""ISO 10002 8.4: whatever moves are made, in any order, with the job run at any point, the
summaries the job keeps equal a full recomputation from the trail, and the tallies it keeps
equal a recomputation from the facts, the same as a rebuild makes (hypothesis)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.complaints import lifecycle
from upheld.complaints.errors import LifecycleError
from upheld.complaints.models import Complaint, Status
from upheld.complaints.tests.test_moves_properties import ONWARD
from upheld.insight import summaries, tallies
from upheld.insight.kpis import kpis
from upheld.insight.models import Fact, Tally
from upheld.insight.reports import period
from upheld.insight.scopes import Scope
from upheld.insight.trends import series

S = Status
MOVES = [m for m in lifecycle.MOVES if m not in ("receive", "anonymise")]


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_summaries_equal_a_recomputation_after_any_moves(cast, data):
    with transaction.atomic():
        now = timezone.now()
        complaints = [cast.receive() for _ in range(data.draw(st.integers(1, 3), label="n"))]
        for _ in range(data.draw(st.integers(1, 25), label="moves")):
            i = data.draw(st.integers(0, len(complaints) - 1), label="which")
            c = complaints[i]
            c.refresh_from_db()
            allowed = lifecycle.allowed_moves(c)
            ahead = [m for m in ONWARD[c.status] if m in allowed] or allowed or MOVES
            move = data.draw(st.one_of(st.sampled_from(ahead), st.sampled_from(MOVES)), "move")
            hours = data.draw(st.integers(0, 200), label="hours later")
            now += timedelta(hours=hours)
            try:
                with time_machine.travel(now, tick=False):
                    complaints[i] = cast.make(move, c, by=cast.manager)
            except (LifecycleError, Complaint.DoesNotExist):
                pass
            if data.draw(st.booleans(), label="job runs"):
                summaries.run()
        summaries.run_all()
        assert summaries.check() == []
        assert tallies.check() == []
        figures_agree(timezone.localdate(now))
        kept = kept_tallies()
        assert kept, "the moves added to the tallies"
        summaries.rebuild()
        assert kept_tallies() == kept
        assert tallies.check() == []
        transaction.set_rollback(True)


def figures_agree(last) -> None:
    """The figures added up from the kept tallies equal those computed from the facts, for
    the organisation, each team and each handler, in total and grouped."""
    start, end = period(last - timedelta(days=400), last + timedelta(days=1))
    scopes = [(None, Fact.objects.all())]
    for team in set(Fact.objects.values_list("team_id", flat=True)):
        facts = Fact.objects.filter(team_id=team) if team else Fact.objects.filter(team_id=None)
        scopes.append((Scope(facts, (f"team:{team or ''}",)), facts))
    for pk in set(Fact.objects.exclude(assignee_id=None).values_list("assignee_id", flat=True)):
        facts = Fact.objects.filter(assignee_id=pk)
        scopes.append((Scope(facts, (f"handler:{pk}",)), facts))
    assert kpis(start, end)[-1].figures["received"] > 0
    for kept, facts in scopes:
        for by in (None, "channel", "team"):
            assert kpis(start, end, by, kept) == kpis(start, end, by, facts)
        assert series(start, end, "week", None, kept) == series(start, end, "week", None, facts)


def kept_tallies() -> dict:
    return {(t.scope, t.dim, t.value, t.day): tallies.as_cell(t) for t in Tally.objects.all()}

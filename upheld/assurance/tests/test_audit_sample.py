"""ISO 10002 8.5: the audit's sample of complaints is random, stratified by channel,
outcome and team, the same for the same seed (anyone can draw it again), and independent:
it never holds a complaint the auditor handled, decided or was involved in, nor one of
their own team."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.assurance import sampling
from upheld.complaints import lifecycle
from upheld.complaints.roles import AUDITOR, HANDLER
from upheld.organisation.models import Membership, Team

pytestmark = pytest.mark.django_db
DAY = date.today()
START, END = DAY - timedelta(days=1), DAY + timedelta(days=1)  # whatever the zone
CHANNELS = ["web", "email", "phone", "letter"]


@pytest.fixture
def history(make_complaint, make_user, manager):
    """40 complaints over four channels and two teams; the auditor handled two, decided
    one, and belongs to the team of five others."""
    auditor = make_user(AUDITOR, "auditor", is_staff=True)
    handler = make_user(HANDLER, "h")
    teams = [Team.objects.create(name=f"Team {i}") for i in range(2)]
    own_team = Team.objects.create(name="The auditor's team")
    Membership.objects.create(team=own_team, person=auditor)
    complaints, own = [], set()
    for i in range(40):
        c = make_complaint(channel=CHANNELS[i % 4])
        team = own_team if i < 5 else teams[i % 2]
        c = lifecycle.route(c, by=manager, team=team)
        if i < 5:
            own.add(c.reference)
        complaints.append(c)
    lifecycle.assign(complaints[5], by=manager, assignee=handler)
    complaints[5].assignee = auditor  # handled: the auditor is (was made) its assignee
    complaints[5].save(update_fields=["assignee"])
    complaints[6].involved_users.add(auditor)
    own.update({complaints[5].reference, complaints[6].reference})
    return auditor, {c.reference for c in complaints}, own


def references(sample) -> list[str]:
    return [row.reference for row in sample]


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(history):
    auditor, everything, own = history
    first = references(sampling.draw(START, END, 10, seed=7, auditor=auditor))
    assert first == references(sampling.draw(START, END, 10, seed=7, auditor=auditor))
    assert first != references(sampling.draw(START, END, 10, seed=8, auditor=auditor))
    assert len(first) == len(set(first)) == 10


def test_the_auditors_own_complaints_are_never_drawn(history):
    auditor, everything, own = history
    everyone = set(references(sampling.draw(START, END, 100, seed=1, auditor=auditor)))
    assert everyone == everything - own
    assert own <= set(references(sampling.draw(START, END, 100, seed=1)))


def test_each_channel_is_represented_in_proportion(history):
    auditor, _, _ = history
    sample = sampling.draw(START, END, 8, seed=3, auditor=auditor)
    by_channel = {ch: sum(row.channel == ch for row in sample) for ch in CHANNELS}
    assert sorted(by_channel.values()) == [2, 2, 2, 2]


def test_the_command_prints_the_same_references_for_the_same_seed(history):
    def run(seed):
        out = StringIO()
        call_command(
            "audit_sample", **{"start": START, "end": END}, size=5, seed=seed,
            auditor="auditor", stdout=out, stderr=StringIO(),
        )  # fmt: skip
        return out.getvalue()

    assert run(11) == run(11) and len(run(11).splitlines()) == 5


def test_the_command_refuses_bad_input_naming_it(history):
    with pytest.raises(CommandError, match="--size"):
        call_command("audit_sample", start=START, end=END, size=0, seed=1)
    with pytest.raises(CommandError, match="--auditor"):
        call_command("audit_sample", start=START, end=END, size=3, seed=1, auditor="nobody")


@given(
    sizes=st.dictionaries(
        st.tuples(st.sampled_from(CHANNELS), st.sampled_from(["upheld", "none"]), st.just("")),
        st.integers(min_value=1, max_value=500),
        min_size=1,
    ),
    n=st.integers(min_value=0, max_value=2000),
)
@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_allocation_takes_exactly_n_and_each_stratum_within_one_of_its_share(sizes, n):
    given_ = sampling.allocate(sizes, n)
    total = sum(sizes.values())
    assert sum(given_.values()) == min(n, total)
    for key, size in sizes.items():
        share = size * min(n, total) / total
        assert share - 1 < given_[key] < share + 1 and given_[key] <= size

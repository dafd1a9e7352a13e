"""A team whose days differ counts on its own calendar (ISO 10002 7.3; issue 8, point 1:
"working days and hours of the organisation, and of a team where it differs"): a Scottish
office keeps St Andrew's Day, a New York branch works New York's hours and holidays. A clock
keeps the calendar it started on: routing a complaint elsewhere never moves a running clock;
the clocks it starts from then on count on its new team's days."""

from datetime import time

import pytest
from django.db.models import ProtectedError

from upheld.complaints.models import RoutingRule
from upheld.deadlines.models import Calendar
from upheld.organisation.teams import Membership, Team

from .conftest import NEW_YORK, at, clocks, cob

pytestmark = pytest.mark.django_db

FRIDAY_NOON = at(2026, 11, 27, 12)  # Monday 30 November is St Andrew's Day in Scotland only


@pytest.fixture
def edinburgh(cast):
    team = Team.objects.create(name="Edinburgh")
    Membership.objects.create(team=team, person=cast.manager, role=Membership.Role.MANAGER)
    Calendar.objects.create(name="Scotland", team=team, country="GB", subdivision="SCT")
    RoutingRule.objects.create(position=1, team=team, product_contains="mortgage")
    return team


def test_a_complaint_routed_at_receipt_to_a_scottish_team_keeps_st_andrews_day(
    clockwork, edinburgh
):
    english = clockwork.receive(FRIDAY_NOON, product="Current account")
    scottish = clockwork.receive(FRIDAY_NOON, product="Mortgage")
    assert english.team_id is None and scottish.team_id == edinburgh.pk
    # Five business days after Friday: 30 Nov … 4 Dec in England; Scotland skips the 30th.
    assert clocks(english)["assess"].due_at == cob(2026, 12, 4)
    assert clocks(scottish)["assess"].due_at == cob(2026, 12, 7)
    # Eight working hours from Friday noon: Monday 12:00 in England, Tuesday 12:00 there.
    assert clocks(english)["acknowledge"].due_at == at(2026, 11, 30, 12)
    assert clocks(scottish)["acknowledge"].due_at == at(2026, 12, 1, 12)
    assert scottish.next_due_at == at(2026, 12, 1, 12)


def test_routing_elsewhere_never_moves_a_running_clock_and_new_clocks_count_on_the_new_days(
    clockwork, edinburgh
):
    c = clockwork.receive(FRIDAY_NOON, product="Current account")
    before = {k: (v.due_at, v.calendar_id) for k, v in clocks(c).items()}
    c = clockwork.make(at(2026, 11, 27, 13), "route", c, team=edinburgh.pk)
    after = {k: (v.due_at, v.calendar_id) for k, v in clocks(c).items()}
    assert after == before  # the assessment is still due on 4 December, on England's days
    # The decision's clock starts at assessment: 10 business days (priority 2) on Scotland's.
    c = clockwork.make(at(2026, 11, 27, 14), "acknowledge", c)
    c = clockwork.make(at(2026, 11, 27, 15), "assess", c, severity=3, complexity=2, impact=3)
    decide = clocks(c)["decide"]
    assert decide.calendar.team == edinburgh
    english_days = at(2026, 12, 11, 17)  # 30 Nov … 11 Dec: ten business days in England
    assert decide.due_at == cob(2026, 12, 14) != english_days


def test_a_new_york_branch_counts_new_yorks_hours_and_holidays(clockwork):
    branch = Team.objects.create(name="New York")
    Calendar.objects.create(
        name="New York", team=branch, time_zone="America/New_York", country="US",
        subdivision="NY", opens=time(9), closes=time(17),
    )  # fmt: skip
    RoutingRule.objects.create(position=1, team=branch, product_contains="checking")
    # Wednesday 25 November 2026, 16:00 in New York; Thursday is Thanksgiving.
    c = clockwork.receive(at(2026, 11, 25, 16, tz=NEW_YORK), product="Checking account")
    # One working hour that day, then Friday 9:00 → 16:00 (seven more): 16:00 New York.
    assert clocks(c)["acknowledge"].due_at == at(2026, 11, 27, 16, tz=NEW_YORK)
    assert clocks(c)["assess"].due_at == cob(2026, 12, 3, tz=NEW_YORK)


def test_a_calendar_that_clocks_count_on_cannot_be_deleted(clockwork, edinburgh):
    clockwork.receive(FRIDAY_NOON, product="Mortgage")
    with pytest.raises(ProtectedError):
        edinburgh.calendar.delete()


def test_the_organisation_has_one_calendar_and_a_teams_is_numbered_after_it(edinburgh):
    """The organisation's row (no team) is written by the migrations with its id given;
    on PostgreSQL a team's calendar must still get an id of its own."""
    from django.core.exceptions import ValidationError

    own = Calendar.objects.get(team__isnull=True)
    assert edinburgh.calendar.pk != own.pk
    second = Calendar(name="Another")
    with pytest.raises(ValidationError) as refused:
        second.full_clean()
    assert "team" in refused.value.message_dict

"""An organisation to audit: two teams' complaints received today over four channels, an
auditor who handled some of them and belongs to a team of their own, and a plan."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from upheld.assurance import records
from upheld.complaints import lifecycle
from upheld.complaints.roles import AUDITOR, TOP_MANAGEMENT
from upheld.organisation.models import Membership, Team
from upheld.testing import with_form_tokens

TODAY = date.today()
START, END = TODAY - timedelta(days=1), TODAY + timedelta(days=1)  # whatever the zone
CHANNELS = ["web", "email", "phone", "letter"]


def business_day(days: int = 10) -> date:
    """A business day of the organisation's calendar, `days` or a little more from today."""
    from upheld.deadlines.models import Calendar

    calendar, day = Calendar.every().organisation, TODAY + timedelta(days=days)
    while not calendar.is_business_day(day):
        day += timedelta(days=1)
    return day


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@dataclass
class World:
    auditor: object
    second_auditor: object
    complaints: list
    own: set  # references the auditor may not audit
    team: object  # the auditor's own team
    teams: list  # the others


@pytest.fixture
def world(make_complaint, make_user, manager):
    auditor = make_user(AUDITOR, "alice")
    second = make_user(AUDITOR, "bob")
    teams = [Team.objects.create(name=f"Team {i}") for i in range(2)]
    own_team = Team.objects.create(name="Alice's team")
    Membership.objects.create(team=own_team, person=auditor)
    complaints, own = [], set()
    for i in range(24):
        c = make_complaint(channel=CHANNELS[i % 4])
        c = lifecycle.route(c, by=manager, team=own_team if i < 3 else teams[i % 2])
        if i < 3:
            own.add(c.reference)
        complaints.append(c)
    complaints[3].involved_users.add(auditor)
    own.add(complaints[3].reference)
    return World(auditor, second, complaints, own, own_team, teams)


@pytest.fixture
def plan(world, manager):
    return records.plan_audit(
        by=manager,
        title="Complaints handling, this quarter",
        start=START,
        end=END,
        scope="Receipt to closure of complaints on every channel.",
        clauses=["7.2", "7.4", "7.5"],
        auditors=[world.auditor, world.second_auditor],
    )


@pytest.fixture
def audit(plan, world, manager):
    return records.schedule_audit(
        plan,
        by=manager,
        auditor=world.auditor,
        planned_on=TODAY,
        clauses=["7.2", "7.4"],
        size=8,
        seed=2026,
    )


@pytest.fixture
def sampled(audit, world):
    records.draw_sample(audit, by=world.auditor)
    audit.refresh_from_db()
    return audit


@pytest.fixture
def top(make_user):
    return make_user(TOP_MANAGEMENT, "tess")


@pytest.fixture
def client(client):
    """Posts as a browser would post the page's form: with its one-time token."""
    return with_form_tokens(client)

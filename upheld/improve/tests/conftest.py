"""Improvement records built through the real moves (upheld.improve.actions)."""

import pytest

from upheld.complaints.tests.helpers import Cast
from upheld.improve.actions.common import organisation_calendar, today
from upheld.taxonomy.models import Term
from upheld.testing import with_form_tokens


@pytest.fixture
def cast(handler, manager, senior_manager, category):
    return Cast(handler=handler, manager=manager, reviewer=senior_manager, category=category)


@pytest.fixture
def cause(db):
    """A term of the cause taxonomy: 'delay'."""
    return Term.objects.get(taxonomy__dimension="cause", code="delay")


@pytest.fixture
def business_day(db):
    """business_day(n): the nth business day of the organisation's calendar after today."""

    def nth(n: int = 10):
        return organisation_calendar().business_days_after(today(), n)

    return nth


@pytest.fixture
def client(client):
    """Posts as a browser would post the page's form: with its one-time token."""
    return with_form_tokens(client)

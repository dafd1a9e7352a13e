"""A complaints organisation with two teams (ISO 10002 5.3): Cards (handler, its manager)
and Loans (other_handler); complaints routed to each by the routing rules at receipt."""

from datetime import timedelta

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.models import RoutingRule
from upheld.complaints.tests.helpers import ASSESSMENT, RECEIPT
from upheld.organisation.models import Membership, Team


@pytest.fixture
def teams(handler, other_handler, manager):
    cards, loans = Team.objects.create(name="Cards"), Team.objects.create(name="Loans")
    Membership.objects.create(team=cards, person=handler)
    Membership.objects.create(team=cards, person=manager, role="manager")
    Membership.objects.create(team=loans, person=other_handler)
    RoutingRule.objects.create(position=1, team=cards, product_contains="card")
    RoutingRule.objects.create(position=2, team=loans, product_contains="loan")
    return cards, loans


@pytest.fixture
def receive(db):
    def make(product="Credit card", **overrides):
        return lifecycle.receive(**{**RECEIPT, "product": product, **overrides})

    return make


@pytest.fixture
def cards_complaint(teams, receive):
    return receive("Credit card", description="A card fee I never agreed to.")


@pytest.fixture
def loans_complaint(teams, receive):
    return receive("Personal loan", description="The loan interest is wrong.")


def assessed(c, by):
    return lifecycle.assess(c, by=by, **ASSESSMENT)


def hours(n: float):
    return timezone.now() + timedelta(hours=n)

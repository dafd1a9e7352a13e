"""Fixtures of the complaint page's tests: the cast of ISO 10002 5.3 (complaints' test
helpers), complaints brought to any state through the real moves, and one complaint that
nobody may read (the one visibility rule narrowed, as team queues will narrow it)."""

import pytest
from django.db.models import Q

from upheld.complaints import visibility
from upheld.complaints.tests.helpers import Cast


@pytest.fixture
def cast(handler, manager, senior_manager, category):
    return Cast(handler=handler, manager=manager, reviewer=senior_manager, category=category)


@pytest.fixture
def complaint_in(cast):
    """complaint_in("decided") → a complaint brought there through the real moves."""
    return cast.bring_to


@pytest.fixture
def hidden(cast, monkeypatch):
    """A complaint outside every viewer's rule: to them it is not there."""
    complaint = cast.receive(description="Another team's complaint.")
    today = visibility.rule

    def all_but_hidden(user):
        where = today(user)
        return None if where is None else where & ~Q(pk=complaint.pk)

    monkeypatch.setattr(visibility, "rule", all_but_hidden)
    return complaint


def page_of(client, user, complaint):
    client.force_login(user)
    return client.get(f"/desk/complaints/{complaint.reference}/")

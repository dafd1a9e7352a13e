"""Fixtures for the lifecycle tests: the cast of ISO 10002 5.3 and complaints in any state."""

import pytest

from .helpers import Cast


@pytest.fixture
def cast(handler, manager, senior_manager, category):
    return Cast(handler=handler, manager=manager, reviewer=senior_manager, category=category)


@pytest.fixture
def complaint_in(cast):
    """complaint_in("decided") → a complaint brought there through the real moves."""
    return cast.bring_to

"""The breached and at-risk lists (capability 17; API now, the desk next): every running
limit past its due instant, or within its reminder lead, of the complaints the caller may
read, soonest first, a keyset page at a time, in the same number of queries whatever the
volume."""

import pytest
import time_machine

from upheld.api.models import ApiToken
from upheld.api.tests.conftest import ApiClient

from .conftest import at

pytestmark = pytest.mark.django_db


def api(user) -> ApiClient:
    _, key = ApiToken.issue(user, name="test")
    return ApiClient(key)


@pytest.fixture
def three(clockwork):
    """Received on 30 Nov at 10:00, 2 Dec and 4 Dec; acknowledged: only the assessment
    (5 business days, reminder one day before) and the final response run."""
    made = []
    for day in (30, 2, 4):
        when = at(2026, 11 if day == 30 else 12, day, 10)
        c = clockwork.receive(when)
        made.append(clockwork.make(when, "acknowledge", c))
    return made


def test_breached_limits_are_listed_longest_overdue_first(three, clockwork):
    client = api(clockwork.cast.manager)
    with time_machine.travel(at(2026, 12, 10, 12), tick=False):
        body = client.get("/clocks/breached").json()
    # Assessments due 7 Dec and 9 Dec 17:00 have passed; the third is due 11 Dec.
    assert [(i["reference"], i["clock"]["key"]) for i in body["items"]] == [
        (three[0].reference, "assess"),
        (three[1].reference, "assess"),
    ]
    late = body["items"][0]["clock"]
    assert late["state"] == "running" and late["seconds_late"] == 3 * 86400 - 5 * 3600


def test_at_risk_limits_are_those_past_their_reminder_and_not_yet_due(three, clockwork):
    client = api(clockwork.cast.manager)
    with time_machine.travel(at(2026, 12, 10, 17, 30), tick=False):
        body = client.get("/clocks/at-risk").json()
    assert [(i["reference"], i["clock"]["key"]) for i in body["items"]] == [
        (three[2].reference, "assess")  # reminder 10 Dec 17:00, due 11 Dec 17:00
    ]


def test_pages_follow_each_other_and_cost_the_same_queries(clockwork, django_assert_num_queries):
    for _ in range(7):
        clockwork.receive(at(2026, 11, 2, 10))
    client = api(clockwork.cast.manager)
    with time_machine.travel(at(2027, 3, 1), tick=False):
        first = client.get("/clocks/breached", limit=5).json()
        seen = [(i["reference"], i["clock"]["key"]) for i in first["items"]]
        rest = client.get("/clocks/breached", limit=50, cursor=first["next"]).json()
        with django_assert_num_queries(5):  # token, 2 permission sets, the teams, the page
            client.get("/clocks/breached", limit=5)
        with django_assert_num_queries(5):
            client.get("/clocks/breached", limit=50, cursor=first["next"])
    seen += [(i["reference"], i["clock"]["key"]) for i in rest["items"]]
    assert len(seen) == len(set(seen)) == 7 * 3 and rest["next"] is None


def test_nobody_sees_a_limit_of_a_complaint_they_may_not_read(three, make_user):
    reader = make_user(role=None, username="nobody")
    with time_machine.travel(at(2026, 12, 10, 12), tick=False):
        response = api(reader).get("/clocks/breached")
    assert response.status_code == 403

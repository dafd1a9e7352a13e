"""Who reads which complaint (ISO 10002 4.7 confidentiality, 5.3 roles): one rule decides
both what a person is listed and what they may open — in the selectors, the API, the
admin and before any move — so the two can never disagree."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from upheld.complaints import lifecycle, selectors, visibility
from upheld.complaints.errors import InvalidInput, NotPermitted
from upheld.complaints.models import Channel, Complaint, Status

from .helpers import S

CHANGELIST = reverse("admin:complaints_complaint_changelist")


@pytest.fixture
def viewers(make_user, manager, handler, other_handler, top_manager, auditor, admin_user):
    inactive = make_user(username="left_the_company")
    inactive.is_active = False
    inactive.save()
    return {
        "superuser": admin_user,
        "complaints manager": manager,
        "handler": handler,
        "other handler": other_handler,
        "top management": top_manager,
        "auditor": auditor,
        "no role": make_user(role=None, username="visitor"),
        "inactive handler": inactive,
        "nobody signed in": AnonymousUser(),
    }


@pytest.fixture
def complaints(cast, handler, other_handler, manager):
    """A handful in different states, channels and hands."""
    made = [cast.bring_to(S.INVESTIGATING) for _ in range(2)]
    made += [cast.bring_to(S.ACKNOWLEDGED, channel=ch) for ch in ("web", "phone")]
    made.append(cast.receive(channel="letter"))
    lifecycle.assign(made[1], by=manager, assignee=other_handler)
    return made


def listed(viewer, **filters) -> set[str] | None:
    try:
        return {c.reference for c in selectors.complaint_list(viewer, **filters)}
    except NotPermitted:
        return None


def openable(viewer) -> set[str] | None:
    """What the viewer opens, tried one reference at a time over every complaint there is."""
    opened = set()
    for reference in Complaint.objects.values_list("reference", flat=True):
        try:
            opened.add(selectors.complaint_detail(viewer, reference, with_trail=False).reference)
        except Complaint.DoesNotExist:
            continue
        except NotPermitted:
            return None
    return opened


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(Status.values),
        "channel": st.sampled_from(Channel.values),
        "assignee": st.sampled_from(["handler", "other_handler", "nobody"]),
        "received_after": st.sampled_from([-1, 1]).map(
            lambda days: timezone.now() + timedelta(days=days)
        ),
    },
)


def agree(viewers, filters) -> None:
    """For each viewer: the list is what they may open that meets the filters — no more
    (nothing listed that cannot be opened), no less (nothing hidden that could be)."""
    for name, viewer in viewers.items():
        may_open, shown = openable(viewer), listed(viewer, **filters)
        if may_open is None or shown is None:
            assert may_open is None and shown is None, f"{name}: refused by one, not the other"
            continue
        meeting = {c.reference for c in selectors.complaint_list(viewers["superuser"], **filters)}
        assert shown <= may_open, name
        assert shown == may_open & meeting, name


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filters=FILTERS)
def test_for_every_viewer_the_list_is_what_they_may_open(viewers, complaints, filters):
    agree(viewers, filters)


def test_today_the_view_permission_reads_every_complaint(viewers, complaints):
    every = set(Complaint.objects.values_list("reference", flat=True))
    for name in ("superuser", "complaints manager", "handler", "top management", "auditor"):
        assert listed(viewers[name]) == openable(viewers[name]) == every, name
    for name in ("no role", "inactive handler", "nobody signed in"):
        assert listed(viewers[name]) is None and openable(viewers[name]) is None, name


@pytest.fixture
def team_rule(monkeypatch):
    """What team queues will do, plugged in at the one place: a handler reads what is
    assigned to them; a complaints manager reads everything."""
    today = visibility.rule

    def by_assignment(user):
        where = today(user)
        if where is None or user.has_perm("complaints.manage_complaints"):
            return where
        return Q(assignee=user)

    monkeypatch.setattr(visibility, "rule", by_assignment)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(filters=FILTERS)
def test_a_narrower_rule_narrows_listing_and_opening_alike(viewers, complaints, team_rule, filters):
    agree(viewers, filters)


def test_with_a_narrower_rule_each_place_shows_only_what_it_allows(
    viewers, complaints, team_rule, client, handler, other_handler
):
    theirs, mine = complaints[1], complaints[0]
    assert listed(handler) == {mine.reference} and listed(other_handler) == {theirs.reference}
    # A move on a complaint the person may not read: to them, it is not there.
    with pytest.raises(Complaint.DoesNotExist):
        lifecycle.await_complainant(theirs, by=handler, question="Which card?")
    # The admin: the list and the page follow the same rule.
    handler.is_staff = True
    handler.save()
    client.force_login(handler)
    page = client.get(CHANGELIST).content.decode()
    assert mine.reference in page and theirs.reference not in page
    change = reverse("admin:complaints_complaint_change", args=[theirs.pk])
    assert client.get(change).status_code == 302  # "does not exist", back to the index


def test_without_the_view_permission_nothing_is_listed_or_opened(complaints, make_user, client):
    visitor = make_user(role=None, username="visitor")
    with pytest.raises(NotPermitted):
        selectors.complaint_list(visitor)
    with pytest.raises(NotPermitted):
        selectors.complaint_detail(visitor, complaints[0].reference)
    visitor.is_staff = True
    visitor.save()
    client.force_login(visitor)
    assert client.get(CHANGELIST).status_code == 403


def test_a_duplicate_is_merged_only_into_a_complaint_the_manager_may_read(
    cast, manager, monkeypatch
):
    web, letter = cast.receive(channel="web"), cast.receive(channel="letter")
    today = visibility.rule

    def web_only(user):
        return None if today(user) is None else Q(channel="web")

    monkeypatch.setattr(visibility, "rule", web_only)
    with pytest.raises(InvalidInput) as refused:
        lifecycle.merge(web, by=manager, into=letter.reference, reason="Same")
    assert list(refused.value.errors) == ["into"]
    web.refresh_from_db()
    assert web.status == S.RECEIVED

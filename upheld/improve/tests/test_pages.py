"""The improvement pages on the desk (ISO 10002 8.7, 5.3): the complaints manager keeps
root causes, actions and external bodies' decisions; top management and auditors read them;
a handler sees only their own actions. Lists page by keyset in a fixed number of queries;
bad input is named on its field and changes nothing, never a 500."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from upheld.complaints.tests.helpers import ombudsman
from upheld.improve.actions import complete, raise_action
from upheld.improve.actions.common import today
from upheld.improve.actions.root_causes import conclude, open_root_cause, record_analysis
from upheld.improve.models import Action, ActionState, ExternalDecision, RootCause
from upheld.testing import form_token


@pytest.fixture
def rc(manager, handler, make_complaint, cause):
    r = open_root_cause(by=manager, title="Late refunds", owner=manager,
                        complaints=[make_complaint().reference])  # fmt: skip
    record_analysis(r, by=manager, method="five_whys", notes="Why?", cause=cause.pk,
                    affects_others=False)  # fmt: skip
    return conclude(r, by=manager)


@pytest.fixture
def action(rc, manager, handler, business_day):
    return raise_action(by=manager, what="Run the refund batch daily", kind="corrective",
                        owner=handler, due=business_day(5), origin="root_cause",
                        root_cause=rc)  # fmt: skip


LISTS = ["improve:root_causes", "improve:actions", "improve:external"]
# Statements per page, whatever the number of rows (session and user included; the external
# decisions' page adds the overturn rates and its form's choices).
STATEMENTS = {"improve:root_causes": 7, "improve:actions": 7, "improve:external": 12}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "who,status",
    [("manager", 200), ("top_manager", 200), ("auditor", 200), ("other_handler", None)],
)
def test_who_sees_which_list(client, action, request, name, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    expected = status or (200 if name == "improve:actions" else 403)
    assert response.status_code == expected


def test_a_handler_sees_only_their_own_actions(client, action, handler, other_handler):
    client.force_login(other_handler)
    assert "Run the refund batch" not in client.get(reverse("improve:actions")).content.decode()
    assert client.get(reverse("improve:action", args=[action.pk])).status_code == 404
    client.force_login(handler)
    assert "Run the refund batch" in client.get(reverse("improve:actions")).content.decode()
    assert client.get(reverse("improve:action", args=[action.pk])).status_code == 200


def test_a_signed_out_visitor_is_sent_to_sign_in(client, action):
    for name in LISTS:
        assert client.get(reverse(name)).status_code == 302


def test_top_management_reads_but_changes_nothing(client, rc, action, top_manager):
    client.force_login(top_manager)
    body = client.get(reverse("improve:root_cause", args=[rc.pk])).content.decode()
    assert "Late refunds" in body and "Raise the action" not in body
    url = reverse("improve:root_cause_step", args=[rc.pk, "raise"])
    assert client.post(url, {"what": "x"}).status_code == 403
    url = reverse("improve:action_step", args=[action.pk, "close"])
    assert client.post(url, {"unverified_reason": "x"}).status_code == 403
    assert Action.objects.get(pk=action.pk).state == ActionState.OPEN


def test_starting_an_analysis_on_the_desk(client, manager, handler, make_complaint):
    c = make_complaint()
    client.force_login(manager)
    form = client.get(reverse("improve:start") + f"?complaint={c.reference}").content.decode()
    assert c.reference in form
    response = client.post(reverse("improve:start"), {
        "title": "Double charges", "complaints": c.reference, "owner": handler.pk,
        "method": "fishbone", "cause": "",
    })  # fmt: skip
    rc = RootCause.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{rc.pk}/")
    assert list(rc.complaints.all()) == [c]


def test_a_form_posted_again_records_nothing_twice(client, manager, handler, make_complaint):
    """A double click, the back button, two tabs: the form's one-time token is spent by the
    root cause it opened; the same form again leads to it and records nothing."""
    c = make_complaint()
    client.force_login(manager)
    data = {"title": "Double charges", "complaints": c.reference, "owner": handler.pk,
            "method": "fishbone", "cause": "", "form_token": form_token(client)}  # fmt: skip
    first = client.post(reverse("improve:start"), data)
    again = client.post(reverse("improve:start"), data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] and RootCause.objects.count() == 1
    expired = client.post(reverse("improve:start"), {**data, "form_token": "not.given.here"})
    assert expired.status_code == 400 and "The form had expired" in expired.content.decode()
    assert RootCause.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_record_once(client, manager, handler, make_complaint):
    """A real double click: both requests arrive at once, on their own connections; the
    second waits on the token's unique index, is rolled back whole and led to the first's."""
    c = make_complaint()
    client.force_login(manager)
    data = {"title": "Double charges", "complaints": c.reference, "owner": handler.pk,
            "method": "fishbone", "cause": "", "form_token": form_token(client)}  # fmt: skip
    barrier, locations = threading.Barrier(2), []

    def post():
        tab = Client()
        tab.cookies = client.cookies
        barrier.wait()
        try:
            locations.append(tab.post(reverse("improve:start"), data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rc = RootCause.objects.get()
    assert locations == [reverse("improve:root_cause", args=[rc.pk])] * 2


def test_bad_input_is_named_on_its_field_and_changes_nothing(client, manager, rc, action):
    client.force_login(manager)
    response = client.post(reverse("improve:start"), {
        "title": "x", "complaints": "CMP-1999-000009", "owner": manager.pk, "method": "other",
    })  # fmt: skip
    assert response.status_code == 400
    assert "CMP-1999-000009" in response.content.decode()
    assert RootCause.objects.count() == 1
    url = reverse("improve:root_cause_step", args=[rc.pk, "raise"])
    saturday = today() + timedelta(days=(5 - today().weekday()) % 7 or 7)
    response = client.post(url, {"what": "Fix", "kind": "corrective", "owner": manager.pk,
                                 "due": saturday.isoformat()})  # fmt: skip
    assert response.status_code == 400
    assert "is not a business day" in response.content.decode()
    url = reverse("improve:action_step", args=[action.pk, "close"])
    response = client.post(url, {"unverified_reason": ""})
    assert response.status_code == 409  # open: report it done first
    for bad in ("/improve/actions/?before=abc&state=%00", "/improve/root-causes/?before=-1"):
        assert client.get(bad).status_code in (200, 400)


def test_closing_without_a_verified_effect_needs_the_managers_reason(
    client, manager, handler, action
):
    complete(action, by=handler, note="Daily since Monday.")
    client.force_login(manager)
    url = reverse("improve:action_step", args=[action.pk, "close"])
    response = client.post(url, {"unverified_reason": ""})
    assert response.status_code == 400
    assert 'id="id_unverified_reason"' in response.content.decode()
    assert "record why the action is closed" in response.content.decode()
    assert client.post(url, {"unverified_reason": "Product withdrawn."}).status_code == 302
    assert Action.objects.get(pk=action.pk).state == ActionState.CLOSED


def test_the_owner_reports_done_with_evidence(client, handler, action):
    client.force_login(handler)
    step = lambda s: reverse("improve:action_step", args=[action.pk, s])  # noqa: E731
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("run.pdf", b"not a pdf at all", "application/pdf")
    response = client.post(step("evidence"), {"file": bad})
    assert response.status_code == 400 and "run.pdf" in response.content.decode()
    good = SimpleUploadedFile("run.txt", b"Batch log: ran 16:00 daily.\n", "text/plain")
    assert client.post(step("evidence"), {"file": good}).status_code == 302
    assert client.post(step("done"), {"done_note": "Daily now."}).status_code == 302
    action.refresh_from_db()
    assert action.state == ActionState.DONE and action.evidence.count() == 1
    ev = action.evidence.get()
    download = client.get(reverse("improve:evidence", args=[action.pk, ev.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_an_external_bodys_decision_is_recorded_on_the_page(
    client, manager, handler, make_complaint
):
    c = make_complaint()
    client.force_login(manager)
    data = {"complaint": c.reference, "body": ombudsman().pk, "decided_on": today().isoformat(),
            "finding": "against_organisation", "summary": "Refund due with interest."}  # fmt: skip
    assert client.post(reverse("improve:external"), {**data, "finding": "maybe"}).status_code == 400
    assert (
        client.post(reverse("improve:external"), {**data, "handler": handler.pk}).status_code == 302
    )
    d = ExternalDecision.objects.get()
    assert (d.complaint, d.handler, d.finding) == (c, handler, "against_organisation")
    body = client.get(reverse("improve:external")).content.decode()
    assert "1 of 1 decisions against the organisation" in body


@pytest.mark.parametrize("name", LISTS)
def test_each_list_in_a_fixed_number_of_queries(
    client, manager, handler, rc, business_day, name, django_assert_max_num_queries
):
    for i in range(60):
        raise_action(by=manager, what=f"Action {i}", kind="preventive", owner=handler,
                     due=business_day(3), origin="audit_finding")  # fmt: skip
    client.force_login(manager)
    client.get(reverse(name))
    with django_assert_max_num_queries(STATEMENTS[name]):
        first = client.get(reverse(name))
    assert first.status_code == 200
    if name == "improve:actions":
        more = first.context["page"].more
        assert more is not None and len(first.context["page"].rows) == 50
        with django_assert_max_num_queries(STATEMENTS[name]):
            second = client.get(reverse(name) + f"?before={more}")
        assert len(second.context["page"].rows) == 10


def test_an_actions_page_in_a_fixed_number_of_queries(
    client, manager, action, django_assert_max_num_queries
):
    client.force_login(manager)
    url = reverse("improve:action", args=[action.pk])
    client.get(url)
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200

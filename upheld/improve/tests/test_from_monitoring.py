"""ISO 10002 8.2 → 8.7: a problem the monitoring flags on the insight dashboard, or a
complaint on the desk, starts a root cause analysis with its complaints filled in."""

import html
import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.complaints.tests.helpers import RECEIPT
from upheld.improve.models import RootCause
from upheld.insight import summaries


def test_a_flagged_problem_starts_an_analysis_with_its_complaints(
    client, manager, handler, category, cause
):
    made = []
    for i in range(6):
        with time_machine.travel(
            datetime(2026, 6, 1, 9, tzinfo=UTC) + timedelta(days=i), tick=False
        ):
            c = lifecycle.receive(**RECEIPT)
            made.append(lifecycle.classify(c, by=handler, category=category, cause=cause.pk))
    summaries.run_all()
    client.force_login(manager)
    dashboard = client.get(
        "/insight/organisation/?start=2026-06-01&end=2026-06-30"
    ).content.decode()
    links = re.findall(r'<a class="start-rca" href="([^"]+)"', dashboard)
    assert len(links) == 1
    form = client.get(html.unescape(links[0]))
    assert form.status_code == 200
    body = form.content.decode()
    assert all(c.reference in body for c in made)
    assert "Recurring problem: Delay" in body
    data = {k: v for k, v in form.context["form"].initial.items()}
    data.update(owner=handler.pk, method="five_whys")
    response = client.post(reverse("improve:start"), data)
    assert response.status_code == 302
    rc = RootCause.objects.get()
    assert (rc.flagged_kind, rc.cause, rc.complaints.count()) == ("recurring", cause, 6)


def test_handlers_get_no_link_to_start_one(client, handler, make_complaint, manager):
    c = make_complaint()
    lifecycle.assign(c, by=manager, assignee=handler)
    client.force_login(handler)
    page = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "root-cause-link" not in page
    assert client.get(reverse("improve:start")).status_code == 403
    client.force_login(manager)
    page = client.get(reverse("desk:complaint", args=[c.reference])).content.decode()
    assert "root-cause-link" in page

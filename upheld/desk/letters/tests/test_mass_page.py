"""The desk's mass runs: a complaints manager starts holding responses to every complaint
under the FCA rules still waiting for its final response; the worker does them batch by
batch and the page shows each run's progress. Managers only; a fixed number of queries."""

import pytest
from django.urls import reverse

from upheld.complaints import lifecycle
from upheld.letters.mass_runs import MassRun

RUNS = 7  # session, user, permissions (2), the runs with who started them, layout


def fca(cast, handler, n=1):
    return [
        lifecycle.choose_regime(cast.receive(by=handler), by=handler, regime="fca", reason="Bank.")
        for _ in range(n)
    ]


def test_a_manager_sends_holding_responses_to_the_fca_complaints_waiting(
    client, cast, handler, manager, letterhead, run_worker
):
    waiting = fca(cast, handler, 3)
    cast.receive(by=handler)  # ISO: no holding response
    client.force_login(manager)
    started = client.post(
        reverse("desk:mass_runs"),
        {"action": "holding_response", "reason": "Card scheme.", "expected_by": "2027-03-01"},
    )
    assert started.status_code == 302
    run = MassRun.objects.get()
    assert run.total == 3 and sorted(run.complaint_ids) == sorted(c.pk for c in waiting)
    run_worker()
    page = client.get(reverse("desk:mass_runs"))
    assert 'value="3"' in page.content.decode() and "3/3" in page.content.decode()


def test_without_the_reason_and_date_the_run_is_refused_naming_them(client, manager):
    client.force_login(manager)
    page = client.post(reverse("desk:mass_runs"), {"action": "holding_response"})
    assert page.status_code == 200 and set(page.context["form"].errors) >= {"reason"}
    assert not MassRun.objects.exists()


def test_a_handler_may_not_start_a_mass_run(client, handler):
    client.force_login(handler)
    assert client.get(reverse("desk:mass_runs")).status_code == 403


@pytest.mark.parametrize("n", [1, 5])
def test_the_mass_runs_page_runs_a_fixed_number_of_queries(
    client, manager, django_assert_num_queries, n
):
    for _ in range(n):
        MassRun.objects.create(action="progress_update", started_by=manager, total=0)
    client.force_login(manager)
    client.get(reverse("desk:mass_runs"))
    with django_assert_num_queries(RUNS):
        assert client.get(reverse("desk:mass_runs")).status_code == 200

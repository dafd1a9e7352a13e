"""My tasks (ISO 10002 7.7): the open investigation tasks given to me, soonest due first,
only on complaints I may open, a page at a time for the same statements at any depth; and
the complaint's page lists its tasks and offers to record one done only while one is open."""

import pytest
from django.utils import timezone

from upheld.complaints import lifecycle
from upheld.complaints.models import Task
from upheld.complaints.tests.helpers import ASSESSMENT
from upheld.core import lookups

pytestmark = pytest.mark.django_db


def give(c, by, owner, days=3, title="Ask the card scheme for its records."):
    return lifecycle.add_task(c, by=by, title=title, owner=owner, due_in=days)


@pytest.fixture
def investigating(teams, receive, handler, manager):
    def make(product="Credit card"):
        c = receive(product)
        c = lifecycle.assess(c, by=manager, **ASSESSMENT)
        c = lifecycle.assign(c, by=manager, assignee=handler)
        return lifecycle.investigate(c, by=handler)

    return make


def test_my_tasks_lists_my_open_tasks_soonest_due_first(
    client, investigating, handler, manager, other_handler
):
    first, second = investigating(), investigating()
    give(first, manager, handler, days=10, title="Later")
    give(second, manager, handler, days=2, title="Sooner")
    give(second, manager, handler, days=1, title="Done already")
    done = Task.objects.get(title="Done already")
    lifecycle.complete_task(second, by=handler, task=done.pk, outcome="Checked.")
    client.force_login(handler)
    response = client.get("/desk/tasks/")
    assert [t.title for t in response.context["tasks"]] == ["Sooner", "Later"]
    assert f"/desk/complaints/{second.reference}/#tasks" in response.content.decode()
    client.force_login(other_handler)
    assert client.get("/desk/tasks/").context["tasks"] == []


def test_a_task_on_a_complaint_given_to_another_team_since_is_not_listed(
    client, investigating, handler, manager, senior_manager, teams
):
    c = investigating()
    give(c, manager, handler)
    lifecycle.route(c, by=senior_manager, team=teams[1])
    client.force_login(handler)
    assert client.get("/desk/tasks/").context["tasks"] == []


def test_every_page_of_my_tasks_costs_the_same(
    client, investigating, handler, manager, django_assert_num_queries
):
    c = investigating()
    for i in range(30):
        give(c, manager, handler, days=1 + i, title=f"Task {i}")
    client.force_login(handler)
    lookups.reset()
    client.get("/desk/tasks/")
    # session, user, generation, the page of tasks with their complaints
    with django_assert_num_queries(4):
        first = client.get("/desk/tasks/")
    more = first.context["more"]
    assert len(first.context["tasks"]) == 25 and more
    with django_assert_num_queries(4):
        deep = client.get("/desk/tasks/", {"after": more})
    assert [t.title for t in deep.context["tasks"]] == [f"Task {i}" for i in range(25, 30)]
    bad = client.get("/desk/tasks/", {"after": "2026-02-30~1"})
    assert bad.status_code == 200 and bad.context["cursor_error"]


def test_the_complaint_page_lists_its_tasks_and_offers_recording_one_done_while_open(
    client, investigating, handler, manager
):
    c = investigating()
    client.force_login(handler)
    url = f"/desk/complaints/{c.reference}/"
    page = client.get(url)
    assert "complete_task" not in [m.name for m in page.context["offered"]]
    assert "add_task" in [m.name for m in page.context["offered"]]
    give(c, manager, handler)
    page = client.get(url)
    assert "complete_task" in [m.name for m in page.context["offered"]]
    html = page.content.decode()
    assert 'id="tasks"' in html and "Ask the card scheme for its records." in html
    assert timezone.localdate() < page.context["tasks"][0].due_on


def test_the_task_form_gives_a_task_and_a_bad_date_is_named_beside_its_field(
    client, investigating, handler, manager
):
    from upheld.desk.complaint.tests.forms import send

    c = investigating()
    client.force_login(manager)
    answer, _token = send(
        client, c, "add-task", {"title": "Call the branch.", "owner": "handler", "due_in": "0"}
    )
    assert answer.status_code in (200, 400) and not c.tasks.exists()
    assert "due_in" in answer.context["form"].errors
    answer, _token = send(
        client, c, "add-task", {"title": "Call the branch.", "owner": "handler", "due_in": "2"}
    )
    assert answer.status_code == 302 and c.tasks.get().title == "Call the branch."
    task = c.tasks.get()
    client.force_login(handler)
    answer, _token = send(
        client, c, "complete-task", {"task": str(task.pk), "outcome": "The branch confirmed."}
    )
    assert answer.status_code == 302
    task.refresh_from_db()
    assert task.state == "done"

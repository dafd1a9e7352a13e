"""The post room (ISO 10002 7.3, 7.4; capability 29): letters produced for posting, oldest
first, of the complaints the person may read; printed with the private link they carry
(never kept); marked posted with the day, which the trail records. A fixed number of
queries, whatever the number of letters waiting."""

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from upheld.complaints import lifecycle, visibility
from upheld.complaints.models import EventKind
from upheld.letters import service
from upheld.letters.models import Letter
from upheld.letters.tests.conftest import flat, pdf_text

ROOM = 8  # session, user, permissions (2), teams, the letters with complaints, layout
ADDRESS = {"name": "Bo Post", "postal_address": "1 Paper Lane\nLeeds\nLS1 1AA"}


def by_post(cast, handler, n=1) -> list:
    out = []
    for _ in range(n):
        out.append(cast.receive(by=handler, channel="letter", complainant=dict(ADDRESS)))
    return out


def test_a_letter_to_post_is_listed_printed_with_its_link_and_marked_posted(
    client, cast, handler, run_worker
):
    [c] = by_post(cast, handler)
    run_worker()
    client.force_login(handler)
    room = client.get(reverse("desk:post_room"))
    [letter] = room.context["letters"]
    assert letter.complaint == c and letter.kind == "acknowledgement"
    printed = client.get(reverse("desk:print_letter", args=[letter.pk]))
    assert printed["Content-Type"] == "application/pdf"
    assert f"/track/{c.secret}" in flat(pdf_text(printed.content))
    done = client.post(reverse("desk:letter_posted", args=[letter.pk]), {"posted_on": ""})
    assert done.status_code == 302
    letter.refresh_from_db()
    assert letter.posted_on == timezone.localdate() and letter.posted_by == handler
    assert letter.pending_secret == "", "the secret goes once the letter is posted"
    assert c.events.filter(kind=EventKind.LETTER_SENT).count() == 1
    assert client.get(reverse("desk:post_room")).context["letters"] == []


def test_a_posting_date_in_the_future_is_refused_naming_it(client, cast, handler, run_worker):
    by_post(cast, handler)
    run_worker()
    letter = Letter.objects.get()
    client.force_login(handler)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    answer = client.post(
        reverse("desk:letter_posted", args=[letter.pk]), {"posted_on": tomorrow}, follow=True
    )
    assert "The date is in the future." in answer.content.decode()
    letter.refresh_from_db()
    assert letter.posted_on is None


def test_a_letter_of_a_complaint_the_handler_may_not_read_is_not_there(
    client, cast, handler, run_worker, monkeypatch
):
    [c] = by_post(cast, handler)
    run_worker()
    letter = Letter.objects.get()
    today = visibility.rule
    monkeypatch.setattr(visibility, "rule", lambda user: (today(user) or Q()) & ~Q(pk=c.pk))
    client.force_login(handler)
    assert client.get(reverse("desk:post_room")).context["letters"] == []
    assert client.get(reverse("desk:print_letter", args=[letter.pk])).status_code == 404
    assert client.post(reverse("desk:letter_posted", args=[letter.pk])).status_code == 404


def test_someone_without_a_handling_role_has_no_post_room(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("desk:post_room")).status_code == 403


@pytest.mark.parametrize("n", [1, 7])
def test_the_post_room_runs_a_fixed_number_of_queries(
    client, cast, handler, run_worker, django_assert_num_queries, n
):
    by_post(cast, handler, n)
    run_worker()
    client.force_login(handler)
    client.get(reverse("desk:post_room"))
    with django_assert_num_queries(ROOM):
        assert len(client.get(reverse("desk:post_room")).context["letters"]) == n


def test_a_new_private_link_by_post_is_printed_in_the_post_room(
    client, cast, handler, manager, run_worker
):
    [c] = by_post(cast, handler)
    lifecycle.issue_link(c, by=manager, note="Lost the letter.")
    run_worker()
    client.force_login(handler)
    kinds = [x.kind for x in client.get(reverse("desk:post_room")).context["letters"]]
    assert kinds == ["acknowledgement", "tracking_link"]
    link = Letter.objects.get(kind="tracking_link")
    secret = link.pending_secret
    assert f"/track/{secret}" in flat(pdf_text(service.printable(link)))
    assert secret not in flat(pdf_text(link.pdf)), "the kept copy never holds the secret"

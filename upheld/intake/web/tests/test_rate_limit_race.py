"""The public form's limit per address holds under concurrency (issue 12, point 4): forty
posts from one address at the same instant, each on its own connection, give exactly the
allowed number of complaints. Before, the limit counted and then inserted without a lock,
and 16 of 40 got past a limit of 10."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from upheld.complaints.models import Complaint

from .conftest import form_token

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
POSTS = 40
LIMIT = 10


def post_at_once(complaint_data) -> list[int]:
    clients = [Client() for _ in range(POSTS)]
    tokens = [form_token(c.get("/complain/")) for c in clients]
    barrier = threading.Barrier(POSTS)
    statuses: list[int] = [0] * POSTS

    def post(i):
        try:
            barrier.wait(timeout=60)
            statuses[i] = (
                clients[i].post("/complain/", complaint_data(form_token=tokens[i])).status_code
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(POSTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return statuses


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_forty_simultaneous_posts_from_one_address_get_exactly_the_limit(
    org, complaint_data, settings
):
    settings.UPHELD_WEB_SUBMISSIONS_PER_HOUR = LIMIT
    statuses = post_at_once(complaint_data)
    assert statuses.count(302) == LIMIT, statuses
    assert statuses.count(429) == POSTS - LIMIT, statuses
    assert Complaint.objects.count() == LIMIT

"""The organisation's zone, active on every page (core/localtime.py), is a zone the
database understands too: a date taken in the database (a `__date` lookup, an admin date
hierarchy) is taken in that zone, not refused. Found by the authorisation matrix
(bench/drills/authz_matrix.py): the admin's list of sign-ins (axes, with a date
hierarchy) answered 500 on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db.models.functions import TruncDate
from django.utils import timezone

from upheld.core import localtime

pytestmark = pytest.mark.django_db


def test_the_local_zone_has_the_name_of_the_organisations_zone():
    with localtime.active():
        assert timezone.get_current_timezone_name() == localtime.zone().key


def test_the_database_takes_dates_in_the_local_zone():
    User = get_user_model()  # noqa: N806
    user = User.objects.create_user("dated")
    with localtime.active():
        today = timezone.localdate(user.date_joined)
        assert User.objects.filter(date_joined__date=today).count() == 1
        assert User.objects.filter(date_joined__date=today - timedelta(days=1)).count() == 0
        [day] = User.objects.annotate(day=TruncDate("date_joined")).values_list("day", flat=True)
        assert day == today


def test_the_admins_date_hierarchy_answers(client):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", None)
    client.force_login(superuser)  # a sign-in: a row in axes' access log
    assert client.get("/admin/axes/accesslog/").status_code == 200

"""ISO 10002 5.3: each role reaches the admin as far as its permissions go."""

from django.contrib.auth.models import Group

from upheld.complaints.roles import AUDITOR, COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT


def test_joining_any_role_gives_access_to_the_admin_and_leaving_every_role_takes_it(make_user):
    for role in (COMPLAINTS_MANAGER, HANDLER, TOP_MANAGEMENT, AUDITOR):
        user = make_user(role)
        user.refresh_from_db()
        assert user.is_staff, role
        user.groups.clear()
        user.refresh_from_db()
        assert not user.is_staff, role


def test_a_group_that_gains_members_from_its_side_gives_them_admin_access(make_user):
    user = make_user(None)
    Group.objects.get(name=AUDITOR).user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff


def test_a_superuser_keeps_admin_access_without_a_role(make_user):
    user = make_user(COMPLAINTS_MANAGER, is_superuser=True)
    user.groups.clear()
    user.refresh_from_db()
    assert user.is_staff

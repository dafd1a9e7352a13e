"""Django's model backend, with each user's permission set kept per process (lookups.py):
checking a role costs no query once the set is known, and a change of roles, groups or
their permissions reaches every app server at its next request (ISO 10002 5.3)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group

from . import lookups


class CachedModelBackend(ModelBackend):
    # `_get_permissions` is ModelBackend's own hook (not in django-stubs): the one place both
    # user and group permissions are read.
    def _get_permissions(self, user_obj, obj, from_name):
        attr = f"_{from_name}_perm_cache"
        if obj is not None or user_obj.is_anonymous or hasattr(user_obj, attr):
            return super()._get_permissions(user_obj, obj, from_name)  # type: ignore[misc]
        key = ("permissions", from_name, user_obj.pk, user_obj.is_active, user_obj.is_superuser)
        perms = lookups.cached(
            key,
            lambda: super(CachedModelBackend, self)._get_permissions(  # type: ignore[misc]
                user_obj, obj, from_name
            ),
        )
        setattr(user_obj, attr, perms)
        return perms


def watch_permissions() -> None:
    """A user's permission set changes with the user, their groups, their own permissions
    and their groups' permissions."""
    user = get_user_model()
    lookups.watch(
        user,
        Group,
        m2m=(user.groups.through, user.user_permissions.through, Group.permissions.through),
    )

"""Who reaches the desk's pages: a signed-in person whom the one visibility rule lets read
complaints. Anyone else is sent to sign in, or told why not (403), never shown a page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from upheld.complaints.roles import HANDLE, KEEP_LETTER_TEMPLATES, MANAGE
from upheld.complaints.visibility import rule


def desk_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if rule(user) is None:
            return render(request, "desk/queues/no_role.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def can_handle(user) -> bool:
    return user.has_perm(HANDLE)


def can_manage(user) -> bool:
    return user.has_perm(MANAGE)


def can_keep_templates(user) -> bool:
    """The letter templates' editor: the complaints manager's (never a handler's)."""
    return user.has_perm(KEEP_LETTER_TEMPLATES)

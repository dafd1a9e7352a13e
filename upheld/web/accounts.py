"""Where signing in lands (ISO 10002 5.3: each role reaches its work): people who handle
complaints go to their desk (/desk/); other staff with a role (top management, auditors)
to the admin; an account without admin access gets a plain page that says so, never a
404. And the page where a person looks after their own signing in: second factor,
sign-out everywhere."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from upheld.complaints.roles import HANDLE

from .second_factor import confirmed_devices


@login_required
def signed_in(request):
    if request.user.has_perm(HANDLE):
        return redirect("desk:home")
    if request.user.is_staff:
        return redirect("admin:index")
    return render(request, "web/signed_in.html", {"can_record": request.user.has_perm(HANDLE)})


@login_required
def signing_in(request):
    return render(
        request, "web/account.html", {"has_device": confirmed_devices(request.user).exists()}
    )

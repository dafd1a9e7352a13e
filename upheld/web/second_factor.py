"""The second factor (TOTP, django-otp): a code from an authenticator app after the password.

Whoever has set up an authenticator app is asked for a code at every sign-in; members of a
role the complaints manager marked "second factor required" (RoleSecondFactor, in the admin)
must set one up at their next sign-in. Until then the session reaches only the public pages,
the API (its own bearer tokens) and the pages to set up or enter the code: every staff page
needs a verified session. What a sign-in needs is decided once, when it happens, and kept
in the session, so a page costs no query for it."""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RoleSecondFactor

SESSION_KEY = "upheld_second_factor"
VERIFY, SET_UP = "verify", "set-up"
# Reachable before the second factor: public pages, the API, signing in and out, and the
# second factor's own pages. Everything else (admin, desk, account pages) needs it.
OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/second-factor/",
    "/accounts/sign-out-everywhere/",
    "/admin/logout/",
    "/api/",
    "/complain/",
    "/track/",
    "/i18n/",
    "/static/",
)


def required_for(user) -> bool:
    return RoleSecondFactor.objects.filter(required=True, role__user=user).exists()


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)


def decide(sender, request, user, **kwargs) -> None:
    """user_logged_in: note in the session what this sign-in still needs."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if confirmed_devices(user).exists():
        session[SESSION_KEY] = VERIFY
    elif required_for(user):
        session[SESSION_KEY] = SET_UP
    else:
        session.pop(SESSION_KEY, None)


class RequireSecondFactor:
    """Staff pages need a verified session when the sign-in needs a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        needed = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if (
            needed
            and request.user.is_authenticated
            and not request.user.is_verified()
            and request.path != "/"
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            page = "web:second_factor" if needed == VERIFY else "web:second_factor_setup"
            return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits the app shows."))
        return code


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


WRONG = _("That code is not right, or it has expired. Enter the code the app shows now.")


@never_cache
@login_required
def verify(request):
    """Enter the code after the password."""
    form = CodeForm(request.POST or None)
    if form.is_valid():
        for device in confirmed_devices(request.user):
            if device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                return redirect(_next(request))
        form.add_error("code", WRONG)
    return render(request, "web/second_factor.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def set_up(request):
    """Set up an authenticator app: its key, then a code from it to confirm. Someone who has
    one already must have used it in this session first (a password alone adds none)."""
    if confirmed_devices(request.user).exists() and not request.user.is_verified():
        return redirect(f"{reverse('web:second_factor')}?{urlencode({'next': _next(request)})}")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Authenticator app", confirmed=False
        )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[SESSION_KEY] = VERIFY
            return redirect(_next(request))
        form.add_error("code", WRONG)
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next(request),
        "key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        "config_url": device.config_url,
        "required": request.session.get(SESSION_KEY) == SET_UP,
    }
    return render(request, "web/second_factor_setup.html", context)

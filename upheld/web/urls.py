from django.urls import path

from . import accounts, policy, second_factor, sessions, throttling

app_name = "web"
urlpatterns = [
    # Django's default LOGIN_REDIRECT_URL, kept so old links still land.
    path("accounts/profile/", accounts.signed_in, name="signed_in"),
    path("accounts/security/", accounts.signing_in, name="signing_in"),
    path("accounts/policy/", policy.acknowledge, name="policy"),
    path("accounts/second-factor/", second_factor.verify, name="second_factor"),
    path("accounts/second-factor/setup/", second_factor.set_up, name="second_factor_setup"),
    path(
        "accounts/sign-out-everywhere/",
        sessions.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
    # Before django.contrib.auth's own, which has no limit.
    path(
        "accounts/password_reset/",
        throttling.PasswordResetView.as_view(),
        name="password_reset",
    ),
]

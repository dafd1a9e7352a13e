from django.urls import path

from . import accounts

app_name = "web"
urlpatterns = [
    # Django's default LOGIN_REDIRECT_URL, kept so old links still land.
    path("accounts/profile/", accounts.signed_in, name="signed_in"),
]

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from upheld.api.urls import api

urlpatterns = [
    # The public "how to complain" page is the front door (ISO 10002 4.2 visibility).
    path("", RedirectView.as_view(url="/complain/how/", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("upheld.intake.web.urls")),
    path("", include("upheld.portal.urls")),
]

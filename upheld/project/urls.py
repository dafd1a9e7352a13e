from django.contrib import admin
from django.urls import include, path
from django.views import defaults
from django.views.generic import RedirectView

from upheld.api import errors as api_errors
from upheld.api.urls import api
from upheld.insight.api import api as insight_api

urlpatterns = [
    # The public "how to complain" page is the front door (ISO 10002 4.2 visibility).
    path("", RedirectView.as_view(pattern_name="intake_web:how", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/insight/", insight_api.urls),  # before /api/v1/: its unknown URLs answer 404
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("upheld.web.urls")),  # before auth: where signing in lands
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("upheld.intake.web.urls")),
    path("", include("upheld.portal.urls")),
    # After intake: /desk/complaints/new/ (staff entry) stays intake's.
    path("", include("upheld.desk.urls")),
    path("", include("upheld.insight.urls")),
    path("", include("upheld.assurance.urls")),
    path("", include("upheld.improve.urls")),
]
# Every "not found" (an unknown URL, a wrong tracking link) is Django's handler404 rendering
# upheld/web/templates/404.html: the site's own page, in the visitor's language.


def handler400(request, exception=None):
    """A request refused before routing: JSON under /api/ (the API's documented 400), the
    site's page elsewhere."""
    if request.path.startswith("/api/"):
        return api_errors.bad_request(request)
    return defaults.bad_request(request, exception)

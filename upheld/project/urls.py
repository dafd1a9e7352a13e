from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from upheld.api.urls import api

urlpatterns = [
    # Somewhere useful for now; the public "how to complain" page will take "/" over.
    path("", RedirectView.as_view(url="/admin/", permanent=False), name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

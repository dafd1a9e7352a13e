from django.urls import path

from . import views

app_name = "insight"
urlpatterns = [
    path("insight/", views.home, name="home"),
    path("insight/<str:view>/", views.dashboard, name="dashboard"),
    path("insight/<str:view>/<str:name>.<str:fmt>", views.download, name="download"),
]

from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [path("track/<str:secret>", views.track, name="track")]

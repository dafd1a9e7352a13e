from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("track/<str:secret>", views.track, name="track"),
    path("track/<str:secret>/answer", views.answer, name="answer"),
    path("track/<str:secret>/message", views.message, name="message"),
]

from django.urls import path

from . import recovery, survey, views

app_name = "portal"
urlpatterns = [
    path("track/", recovery.recover, name="recover"),
    path("track/<str:secret>", views.track, name="track"),
    path("track/<str:secret>/answer", views.answer, name="answer"),
    path("track/<str:secret>/message", views.message, name="message"),
    path("track/<str:secret>/review", views.review, name="review"),
    path("track/<str:secret>/withdraw", views.withdraw, name="withdraw"),
    path("track/<str:secret>/contact", views.contact, name="contact"),
    path("track/<str:secret>/decisions/<int:decision>", views.letter, name="letter"),
    path("track/<str:secret>/survey", survey.from_tracking, name="track_survey"),
    path("survey/<str:secret>", survey.from_invitation, name="survey"),
]

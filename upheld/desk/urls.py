"""/desk/…: the queues and home (queues/) and one complaint's page and its moves
(complaint/), each person's notices (notices/), each owning its own URL module."""

from django.urls import include, path

app_name = "desk"
urlpatterns = [
    path("desk/", include("upheld.desk.queues.urls")),
    path("desk/", include("upheld.desk.complaint.urls")),
    path("desk/", include("upheld.desk.notices.urls")),
]

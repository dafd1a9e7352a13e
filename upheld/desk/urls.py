"""/desk/…: the queues and home (queues/) and one complaint's page and its moves
(complaint/), each person's notices (notices/), a complaint's letters and the post room
(letters/), each owning its own URL module."""

from django.urls import include, path

app_name = "desk"
urlpatterns = [
    path("desk/", include("upheld.desk.queues.urls")),
    # Before the complaint's: its moves' pattern (complaints/<reference>/<move>/) would
    # take complaints/<reference>/letters/ for a move.
    path("desk/", include("upheld.desk.letters.urls")),
    path("desk/", include("upheld.desk.complaint.urls")),
    path("desk/", include("upheld.desk.notices.urls")),
]

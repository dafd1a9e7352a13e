from django.urls import path

# The complaint's URLs register the reference converter these use too.
from upheld.desk.complaint import urls as _complaint_urls  # noqa: F401

from . import editor, mass_page, post_room, writing

urlpatterns = [
    path("complaints/<reference:reference>/letters/", writing.letters, name="letters"),
    path(
        "complaints/<reference:reference>/letters/<int:letter>/pdf",
        writing.pdf,
        name="letter_pdf",
    ),
    path("post-room/", post_room.room, name="post_room"),
    path("post-room/<int:letter>/print", post_room.print_letter, name="print_letter"),
    path("post-room/<int:letter>/posted", post_room.posted, name="letter_posted"),
    path("mass-runs/", mass_page.runs, name="mass_runs"),
    path("letter-templates/", editor.template_list, name="template_list"),
    path(
        "letter-templates/<slug:kind>/<slug:regime>/<slug:language>/",
        editor.template_versions,
        name="template_versions",
    ),
]

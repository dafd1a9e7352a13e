from django.urls import path, register_converter

from . import attachments, moves, page
from .converters import ReferenceConverter

register_converter(ReferenceConverter, "reference")

urlpatterns = [
    path("complaints/<reference:reference>/", page.complaint, name="complaint"),
    path(
        "complaints/<reference:reference>/files/<int:attachment>/",
        attachments.attachment,
        name="attachment",
    ),
    path("complaints/<reference:reference>/<slug:move>/", moves.move, name="move"),
]

from django.urls import path

from . import views

urlpatterns = [
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/read/", views.mark_read, name="notice_read"),
    path("notices/read/", views.mark_all_read, name="notices_read"),
    path("notices/choice/", views.choose, name="notices_choice"),
]

from django.urls import path

from . import desk, views

app_name = "intake_web"

urlpatterns = [
    path("complain/", views.complain, name="complain"),
    path("complain/how/", views.how_to_complain, name="how"),
    path("complain/privacy/", views.privacy_notice, name="privacy"),
    path("complain/policy/", views.complaints_policy, name="policy"),
    path("complain/received/", views.received, name="received"),
    path("desk/complaints/new/", desk.new_complaint, name="staff_new"),
    path("desk/complaints/new/received/", desk.received, name="staff_received"),
]

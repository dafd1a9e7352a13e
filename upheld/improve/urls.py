from django.urls import path

from .views import actions, external, root_causes

app_name = "improve"
urlpatterns = [
    path("improve/root-causes/", root_causes.root_causes, name="root_causes"),
    path("improve/root-causes/start/", root_causes.start, name="start"),
    path("improve/root-causes/<int:pk>/", root_causes.root_cause, name="root_cause"),
    path(
        "improve/root-causes/<int:pk>/<slug:step>/",
        root_causes.root_cause_step,
        name="root_cause_step",
    ),
    path("improve/actions/", actions.actions, name="actions"),
    path("improve/actions/<int:pk>/", actions.action, name="action"),
    path("improve/actions/<int:pk>/evidence/<int:evidence>/", actions.evidence, name="evidence"),
    path("improve/actions/<int:pk>/<slug:step>/", actions.action_step, name="action_step"),
    path("improve/external/", external.external_decisions, name="external"),
]

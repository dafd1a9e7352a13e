from django.urls import path

from . import bulk, export, saved, tasks, views, workload

urlpatterns = [
    path("", views.home, name="home"),
    path("queues/<slug:name>/", views.queue, name="queue"),
    path("queues/<slug:name>/export.csv", export.export, name="queue_export"),
    path("views/", saved.save_view, name="save_view"),
    path("views/<int:pk>/delete/", saved.delete_view, name="delete_view"),
    path("bulk/", bulk.bulk, name="bulk"),
    path("workload/", workload.workload, name="workload"),
    path("tasks/", tasks.my_tasks, name="my_tasks"),
]

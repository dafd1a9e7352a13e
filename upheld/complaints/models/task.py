"""Investigation tasks (ISO 10002 7.7): a piece of the investigation given to a person, due
on a date of the complaint's business calendar, open until done. Written only by the
lifecycle's `add_task` and `complete_task` (lifecycle/tasks.py), so each lands in the trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskState(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")


class Task(models.Model):
    complaint = models.ForeignKey("Complaint", on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    due_on = models.DateField(_("due on"))
    state = models.CharField(max_length=8, choices=TaskState.choices, default=TaskState.OPEN)
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # "My tasks": a person's open tasks, soonest due first (a keyset page).
            models.Index(
                fields=["owner", "due_on", "id"],
                name="task_open_by_owner_idx",
                condition=models.Q(state="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=TaskState.values), name="task_state_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN

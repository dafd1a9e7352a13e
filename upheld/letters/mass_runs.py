"""A mass run: one letter (or one move that sends one) to many complaints, done by the
worker in batches of BATCH, with its progress kept here for the desk's progress bar:
holding responses to every FCA complaint near its eight weeks, a progress update to a
queue. Each complaint is its own transaction: one refused (an FCA check, a state that does
not allow it) is counted and named, and the others go on."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BATCH = 200


class MassRun(models.Model):
    class Action(models.TextChoices):
        HOLDING_RESPONSE = "holding_response", _("holding responses")
        PROGRESS_UPDATE = "progress_update", _("progress updates")

    action = models.CharField(_("what"), max_length=32, choices=Action.choices)
    # The facts each letter reads (a holding response's reason and date): JSON values.
    context = models.JSONField(default=dict, blank=True)
    complaint_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    # The first refusals, each {"complaint": reference, "why": text}.
    refusals = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mass run")
        verbose_name_plural = _("mass runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.done + self.refused}/{self.total}"

    @property
    def handled(self) -> int:
        return self.done + self.refused

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.handled / self.total)

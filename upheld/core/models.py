"""The shared package's own table: the generation number of the look-ups kept per process."""

from django.db import models


class LookupGeneration(models.Model):
    """One row (pk 1). Its number goes up, in the same transaction, whenever something that
    a process keeps in memory changes (lookups.py): the organisation, roles and
    permissions, API tokens, webhook subscriptions. Every app server compares it with the
    number its look-ups were loaded under."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "look-up generation"

    def __str__(self) -> str:
        return f"look-ups generation {self.value}"

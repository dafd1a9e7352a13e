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


class Throttle(models.Model):
    """How often one client did one thing in one window (throttle.py): a counter that every
    process increments atomically, so a limit holds however many app servers there are."""

    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=64)  # a keyed hash of the address, or a username
    starts = models.BigIntegerField()  # the window's start, seconds since the epoch
    hits = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "client", "starts"], name="throttle_window")
        ]
        indexes = [models.Index(fields=["starts"], name="throttle_starts")]

    def __str__(self) -> str:
        return f"{self.scope} {self.client[:8]}… {self.hits}"


class WorkerBeat(models.Model):
    """A running `upheld worker` (workers.py): it beats every few seconds while it lives.
    Its claims (outbox items it is sending, the job it runs) are leases that hold while it
    beats; once it has not beaten for UPHELD_WORKER_LEASE_SECONDS, or it stopped, they are
    taken again."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(null=True)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "worker heartbeat"

    def __str__(self) -> str:
        return f"worker {self.worker_id} (pid {self.pid} on {self.host})"

"""The summaries analysis reads (ISO 10002 8.4): one row of facts per complaint and one per
stopped clock, kept by a job that follows the trail past a watermark (summaries.py), so a
page aggregates narrow indexed rows instead of replaying every complaint. Nothing here is
personal data (row 26): ids, codes, times and amounts only.

`upheld insight check` recomputes every row and compares; `upheld insight rebuild` makes
them again from the trail."""

from django.db import models


class Watermark(models.Model):
    """The last trail event the summaries have taken in."""

    name = models.CharField(max_length=40, primary_key=True)
    event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: event {self.event_id}"


class Fact(models.Model):
    """A complaint as analysis sees it. Times a source system did not give (an imported
    complaint's decision and closure) are NULL with `times_unknown`, never the import's."""

    complaint_id = models.BigIntegerField(primary_key=True)
    reference = models.CharField(max_length=32, default="")
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=16)
    regime = models.CharField(max_length=8)
    team_id = models.IntegerField(null=True)
    assignee_id = models.IntegerField(null=True)
    product_id = models.IntegerField(null=True)  # the top of its category tree
    category_id = models.IntegerField(null=True)
    cause_id = models.IntegerField(null=True)
    fca_product_id = models.IntegerField(null=True)
    fca_cause_id = models.IntegerField(null=True)
    status = models.CharField(max_length=24)
    is_open = models.BooleanField()
    imported = models.BooleanField(default=False)
    times_unknown = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True)
    first_response_at = models.DateTimeField(null=True)
    decided_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    # Durations from receipt: calendar hours and business days (the complaint's calendar).
    ack_hours = models.FloatField(null=True)
    ack_bdays = models.IntegerField(null=True)
    response_hours = models.FloatField(null=True)
    response_bdays = models.IntegerField(null=True)
    decision_hours = models.FloatField(null=True)
    decision_bdays = models.IntegerField(null=True)
    close_hours = models.FloatField(null=True)
    close_bdays = models.IntegerField(null=True)
    # DISP 1 Annex 1R: closed by the end of the 3rd business day after receipt (1), later but
    # within 8 weeks (2), or after 8 weeks (3); NULL when open or its closure time is unknown.
    close_band = models.SmallIntegerField(null=True)
    outcome = models.CharField(max_length=16, blank=True)  # of the decision in force
    redress_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    redress_currency = models.CharField(max_length=3, blank=True)
    redress_count = models.IntegerField(default=0)  # monetary remedies carried out
    redress_unknown = models.IntegerField(default=0)  # … of which the amount is unknown
    reopened = models.IntegerField(default=0)
    escalated = models.BooleanField(default=False)
    referred = models.BooleanField(default=False)
    # What the source system said of the response's timeliness (CFPB "Timely response?").
    source_timely = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["received_at"], name="insight_fact_received"),
            models.Index(fields=["closed_at"], name="insight_fact_closed"),
            models.Index(fields=["team_id", "received_at"], name="insight_fact_team"),
            models.Index(fields=["assignee_id", "received_at"], name="insight_fact_assignee"),
            # Open now, by receipt: the KPIs' "open at the period's end".
            models.Index(
                fields=["received_at"],
                name="insight_fact_open",
                condition=models.Q(is_open=True, closed_at__isnull=True, times_unknown=False),
            ),
            # Imported closed, closure time unknown: the FCA return lists them apart.
            models.Index(
                fields=["received_at"],
                name="insight_fact_unknown",
                condition=models.Q(times_unknown=True),
            ),
        ]

    def __str__(self) -> str:
        return f"facts of complaint {self.complaint_id}"


class ClockFact(models.Model):
    """A stopped binding clock: met when it stopped by its due instant (objectives, 6.2)."""

    # Joined to the complaint's facts for the dimensions (no constraint: rows of both are
    # replaced together).
    fact = models.ForeignKey(
        Fact, on_delete=models.DO_NOTHING, db_constraint=False, db_column="complaint_id"
    )
    key = models.SlugField(max_length=40)
    regime = models.CharField(max_length=8)
    stopped_at = models.DateTimeField()
    met = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["stopped_at"], name="insight_clock_stopped")]

    def __str__(self) -> str:
        return f"{self.key} of complaint {self.fact_id}: {'met' if self.met else 'missed'}"


class Tally(models.Model):
    """What the complaints of one scope, with one value of one dimension, add up to on one
    day of the organisation's calendar zone (tallies.py): the dashboards add up days
    instead of reading every complaint's facts. Counts are columns (summed by the
    database); redress, clocks and durations are small maps.

    scope: "all"; "team:ID" ("team:" when in no team); "handler:ID". dim: "total" or a
    dimension's name; value: the dimension's value as text ("" when not classified; terms
    as recorded, mapped to their latest successor when read). What each count counts, and
    on which day, is tally.py's."""

    day = models.DateField()
    scope = models.CharField(max_length=24)
    dim = models.CharField(max_length=16)
    value = models.CharField(max_length=40, blank=True)
    # Of the complaints received that day (a cohort):
    received = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    upheld = models.IntegerField(default=0)
    partly_upheld = models.IntegerField(default=0)
    not_upheld = models.IntegerField(default=0)
    timely_known = models.IntegerField(default=0)
    timely = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    referred = models.IntegerField(default=0)
    times_unknown = models.IntegerField(default=0)
    ack_unknown = models.IntegerField(default=0)
    opened = models.IntegerField(default=0)  # counted open until closed (times known)
    # currency → [sum in hundredths, complaints, remedies, remedies of unknown amount]
    redress = models.JSONField(default=dict)
    # Closed that day:
    closed = models.IntegerField(default=0)
    # Binding clocks stopped that day: key → [met, total]
    clocks = models.JSONField(default=dict)
    # Durations of the moments that fell that day (only on dim "total"): "ack_hours" →
    # {hours to the nearest: complaints}, "ack_bdays" → {business days: complaints}, …
    times = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "dim", "day", "value"], name="insight_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.dim}={self.value} on {self.day}"

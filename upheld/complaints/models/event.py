from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What a trail event records (ISO 10002 4.9, 8.1): one name per move's outcome."""

    RECEIVED = "received", _("received")
    IMPORTED = "imported", _("imported with its resolution")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    TRIAGED = "triaged", _("triaged")
    ASSESSED = "assessed", _("assessed")
    REASSESSED = "reassessed", _("reassessed")
    ASSIGNED = "assigned", _("assigned")
    ROUTED = "routed", _("given to a team")
    PRIORITISED = "prioritised", _("priority changed")
    INVESTIGATION_STARTED = "investigation_started", _("investigation started")
    AWAITING_COMPLAINANT = "awaiting_complainant", _("waiting for the complainant")
    RESUMED = "resumed", _("resumed")
    CLASSIFIED = "classified", _("classified")
    CORRESPONDENCE_IN = "correspondence_in", _("message received")
    CORRESPONDENCE_OUT = "correspondence_out", _("message sent")
    DECIDED = "decided", _("decided")
    DECISION_COMMUNICATED = "decision_communicated", _("decision communicated")
    ACCEPTED = "accepted", _("decision accepted")
    REJECTED = "rejected", _("decision rejected")
    ESCALATED = "escalated", _("escalated for internal review")
    REFERRED_EXTERNALLY = "referred_externally", _("referred to an external body")
    REMEDY_CARRIED_OUT = "remedy_carried_out", _("remedy carried out")
    REMEDY_WAIVED = "remedy_waived", _("remedy waived")
    CLOSED = "closed", _("closed")
    REOPENED = "reopened", _("reopened")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MERGED = "merged", _("merged into another complaint")
    DUPLICATE_MERGED = "duplicate_merged", _("a duplicate merged into it")
    MESSAGE_FAILED = "message_failed", _("message could not be delivered")
    LETTER_SENT = "letter_sent", _("letter sent")
    # Time limits (deadlines): the regime chosen, what the clocks made Upheld do.
    REGIME_CHOSEN = "regime_chosen", _("regime chosen")
    HOLDING_RESPONSE_SENT = "holding_response_sent", _("holding response sent")
    REPORTABILITY_EVALUATED = "reportability_evaluated", _("MDR reportability evaluated")
    MDR_REPORT_RECORDED = "mdr_report_recorded", _("MDR report submitted")
    REMINDER_SENT = "reminder_sent", _("reminder sent")
    PROGRESS_UPDATE_SENT = "progress_update_sent", _("progress update sent")
    TIME_LIMIT_ESCALATED = "time_limit_escalated", _("time limit missed: escalated")
    TOP_MANAGEMENT_NOTIFIED = "top_management_notified", _("top management told")
    # The complainant's side (portal): the private link, a review asked for, how to reach them.
    LINK_ISSUED = "link_issued", _("new private link sent")
    LINK_REVOKED = "link_revoked", _("private link revoked")
    REVIEW_REQUESTED = "review_requested", _("internal review asked for")
    CONTACT_PREFERENCE_SET = "contact_preference_set", _("contact preference chosen")
    # Investigation tasks (7.7).
    TASK_ADDED = "task_added", _("task given")
    TASK_DONE = "task_done", _("task done")
    ANONYMISED = "anonymised", _("personal data erased")
    # Migration 0013 took the personal data out of the chain and hashed it again, once.
    TRAIL_REHASHED = "trail_rehashed", _("trail hashed again without its personal data")


K = EventKind

# The fields of each kind's data that are personal (ISO 10002 4.7; GDPR art. 17): free text
# written by or about the complainant, their contact details, file names. They are kept
# beside the event (EventPersonal), out of the hashed data, which holds their keyed digest
# instead (events.py). A path is a key, "a.b" inside a dict, "a.*.b" in each item of a list.
# Every kind is listed, even with nothing personal, so a new kind is a decision.
# An import keeps the source system's record (a CFPB row, a generic file's columns).
SOURCE_RECORD = ("import.record", "import.fields", "import.extra")
PERSONAL: dict[str, tuple[str, ...]] = {
    K.RECEIVED: (
        "product",
        "attachments.*.filename",
        "attachments.*.sha256",
        *SOURCE_RECORD,
    ),
    K.IMPORTED: ("product", *SOURCE_RECORD),
    K.ACKNOWLEDGED: ("note",),
    K.TRIAGED: ("reason",),
    K.ASSESSED: ("note", "product", "remedy_sought"),
    K.REASSESSED: ("note", "product", "remedy_sought"),
    K.ASSIGNED: ("note",),
    K.ROUTED: ("note",),
    K.PRIORITISED: ("reason",),
    K.INVESTIGATION_STARTED: ("plan",),
    K.AWAITING_COMPLAINANT: ("question",),
    K.RESUMED: ("note",),
    K.CLASSIFIED: (),
    K.CORRESPONDENCE_IN: ("sender", "subject", "attachments.*.filename", "attachments.*.sha256"),
    K.CORRESPONDENCE_OUT: ("sender", "subject", "attachments.*.filename", "attachments.*.sha256"),
    K.DECIDED: ("reasons", "remedies.*.description", "remedies.*.amount"),
    K.DECISION_COMMUNICATED: ("reasons", "message"),
    K.ACCEPTED: ("note",),
    K.REJECTED: ("note",),
    K.ESCALATED: ("reason",),
    K.REFERRED_EXTERNALLY: ("case_reference", "note"),
    K.REMEDY_CARRIED_OUT: ("note",),
    K.REMEDY_WAIVED: ("note",),
    K.CLOSED: ("note",),
    K.REOPENED: ("reason",),
    K.WITHDRAWN: ("reason",),
    K.MERGED: ("reason",),
    K.DUPLICATE_MERGED: ("reason",),
    K.MESSAGE_FAILED: ("to", "error"),
    K.LETTER_SENT: (),
    K.REGIME_CHOSEN: ("reason",),
    K.HOLDING_RESPONSE_SENT: ("reason",),
    K.REPORTABILITY_EVALUATED: ("rationale",),
    K.MDR_REPORT_RECORDED: (),
    K.REMINDER_SENT: (),
    K.PROGRESS_UPDATE_SENT: (),
    K.TIME_LIMIT_ESCALATED: (),
    K.TOP_MANAGEMENT_NOTIFIED: (),
    K.LINK_ISSUED: ("note",),
    K.LINK_REVOKED: ("reason",),
    K.REVIEW_REQUESTED: ("reason",),
    K.CONTACT_PREFERENCE_SET: (),
    K.TASK_ADDED: ("title",),
    K.TASK_DONE: ("title", "outcome"),
    # Staff's reason for erasing, written for the record: it must not itself be personal.
    K.ANONYMISED: (),
    K.TRAIL_REHASHED: (),
}


class Event(models.Model):
    """One entry of a complaint's trail (4.9, 8.1). Append-only and hash-chained (events.py)."""

    # No index of its own: the unique (complaint, seq) index serves every lookup by complaint.
    complaint = models.ForeignKey(
        "Complaint", on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    actor_label = models.CharField(max_length=200)
    at = models.DateTimeField()
    data = models.JSONField(default=dict)
    public = models.BooleanField(_("visible to the complainant"), default=False)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["complaint_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "seq"], name="event_unique_seq")
        ]
        # Events of the system (receipt by a channel, an import, the worker) have no actor
        # user: only the others are indexed.
        indexes = [
            models.Index(
                fields=["actor"], name="event_actor_idx", condition=models.Q(actor__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Trail events are append-only: they are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Trail events are append-only: they are never deleted.")


class EventPersonal(models.Model):
    """The personal part of one event's data, outside the chain so it can be erased
    (ISO 10002 4.7). The event's hashed data holds its keyed digest (events.py): altering
    this row is found by verify-trail as long as the complaint's key exists."""

    # No foreign-key constraint in the database: its check would cost an import a lookup
    # per row; events are never deleted (append-only), and verify-trail checks each row.
    event = models.OneToOneField(
        Event,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="personal",
        db_constraint=False,
    )
    # No complaint column: its rows are found through the events' (complaint, seq) index,
    # and an import writes one index less per complaint.
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"personal data of event {self.event_id}"


class TrailKey(models.Model):
    """The random key of a complaint's digests of personal data. Destroying it (anonymise)
    leaves digests that nobody can check against a guess of what was erased."""

    # No foreign-key constraint in the database (as EventPersonal.event): complaints are
    # never deleted, and a key without its complaint would open nothing.
    complaint = models.OneToOneField(
        "Complaint",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="trail_key",
        db_constraint=False,
    )
    key = models.BinaryField(max_length=32)

    def __str__(self) -> str:
        return f"trail key of {self.complaint_id}"

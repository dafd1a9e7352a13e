"""A complaint's vocabulary (ISO 10002 7.2–7.9): its channels, states, priorities, the
complainant's answer, closure reasons and triage, as Django choices used everywhere (API
schema, webhooks, portal labels, admin, database constraints)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("telephone")
    LETTER = "letter", _("letter")
    IN_PERSON = "in_person", _("in person")
    API = "api", _("API")
    IMPORT = "import", _("import")


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSESSED = "assessed", _("assessed")
    INVESTIGATING = "investigating", _("under investigation")
    AWAITING_COMPLAINANT = "awaiting_complainant", _("waiting for the complainant")
    DECIDED = "decided", _("decision made")
    DECISION_COMMUNICATED = "decision_communicated", _("decision sent")
    ACCEPTED = "accepted", _("decision accepted")
    REJECTED = "rejected", _("decision rejected")
    ESCALATED = "escalated", _("under internal review")
    REFERRED_EXTERNALLY = "referred_externally", _("referred to an external body")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    MERGED = "merged", _("merged into another complaint")


TERMINAL = {Status.CLOSED, Status.WITHDRAWN, Status.MERGED}
# Open: not in a terminal state, written always the same way (the set in order), so that a
# partial index over open complaints is one the database sees a query's filter imply.
OPEN = ~models.Q(status__in=sorted(TERMINAL))


class Priority(models.IntegerChoices):
    """ISO 10002 7.5: how soon a complaint is dealt with. Lower is sooner, so a queue
    ordered by priority in SQL puts the most urgent first (priority.py decides it)."""

    URGENT = 1, _("urgent")
    HIGH = 2, _("high")
    MEDIUM = 3, _("medium")
    LOW = 4, _("low")


# ISO 10002 7.5: the scales of the initial assessment, each from 1 to its top. Written
# once: the lifecycle checks input against them, the API describes them, and the
# database refuses a value outside them (Complaint.Meta.constraints).
ASSESSMENT_SCALES = {"severity": 4, "complexity": 3, "impact": 3}


class ComplainantAnswer(models.TextChoices):
    """ISO 10002 7.9: the complainant's answer to the decision communicated to them."""

    ACCEPTED = "accepted", _("accepted the decision")
    REJECTED = "rejected", _("did not accept the decision")


class ClosureReason(models.TextChoices):
    """Why a complaint's handling ended (ISO 10002 7.9, clause 3 for other feedback)."""

    ACCEPTED_RESOLVED = "accepted_resolved", _("resolved: the complainant accepted")
    FINAL_RESPONSE_ISSUED = "final_response_issued", _("final response issued")
    REFERRED_EXTERNALLY = "referred_externally", _("referred to an external body")
    TIME_BARRED = "time_barred", _("time-barred")
    NOT_A_COMPLAINT = "not_a_complaint", _("not a complaint (other feedback)")
    WITHDRAWN = "withdrawn", _("withdrawn by the complainant")
    # Ended by the organisation because of the complainant's unacceptable behaviour (abuse,
    # threats): recorded as such, and never sent a satisfaction survey (ISO 10004).
    WITHDRAWN_ABUSIVE = "withdrawn_abusive", _("withdrawn: unacceptable behaviour")
    MERGED = "merged", _("merged into another complaint")


class Triage(models.TextChoices):
    """Whether what came in is a complaint (ISO 10002 clause 3: an expression of
    dissatisfaction where a response is expected, whether justified or not)."""

    COMPLAINT = "complaint", _("a complaint")
    NOT_A_COMPLAINT = "not_a_complaint", _("not a complaint (other feedback)")

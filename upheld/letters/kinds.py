"""The kinds of letter Upheld writes to a complainant (ISO 10002 7.3, 7.4, 7.8, 7.9; DISP
1.5.4R, 1.6, 1.7) and the channels they go by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement")
    REQUEST_FOR_INFORMATION = "request_for_information", _("request for information")
    PROGRESS_UPDATE = "progress_update", _("progress update")
    HOLDING_RESPONSE = "holding_response", _("holding response")
    DECISION = "decision", _("decision (final response)")
    SUMMARY_RESOLUTION = "summary_resolution", _("summary resolution communication")
    RECOURSE = "recourse", _("recourse after rejection")
    REVIEW_OUTCOME = "review_outcome", _("review outcome")
    REFERRAL = "referral", _("referral to another firm")
    CLOSURE = "closure", _("closure")
    SURVEY_INVITATION = "survey_invitation", _("survey invitation")
    SURVEY_REMINDER = "survey_reminder", _("survey reminder")
    TRACKING_LINK = "tracking_link", _("new private link")
    NOT_A_COMPLAINT = "not_a_complaint", _("not a complaint (other feedback)")


# What the complainant sent us by post, or said on the telephone (recorded by staff): kept
# as a letter, written from no template.
INBOUND = "inbound"
LETTER_KINDS = [*Kind.choices, (INBOUND, _("letter or call received"))]


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    POST = "post", _("post")
    PHONE = "phone", _("telephone")


class Direction(models.TextChoices):
    OUT = "out", _("sent")
    IN = "in", _("received")


# Kinds that the FCA treats as a final response (DISP 1.6.2R) or a summary resolution
# communication (DISP 1.5.4R): the ombudsman's details, the six months, the Annex 3R
# wording and the leaflet are checked before they go.
FINAL = (Kind.DECISION, Kind.REVIEW_OUTCOME, Kind.SUMMARY_RESOLUTION)
FCA_REGIMES = ("fca", "fca_psd")

# What goes to the complainant whatever its text lacks: what Upheld sends on its own, not a
# handler's letter. An acknowledgement held back would leave them unacknowledged (7.4), a
# recourse or a not-a-complaint notice unanswered, a new private link or a progress update
# (7.3) unsent. Their checks run where their text is made — a template saved, a letter
# written by hand — and never hold them back when a template's text is sent (mail.py).
NEVER_HELD = (
    Kind.ACKNOWLEDGEMENT,
    Kind.RECOURSE,
    Kind.NOT_A_COMPLAINT,
    Kind.PROGRESS_UPDATE,
    Kind.TRACKING_LINK,
    Kind.SURVEY_INVITATION,
    Kind.SURVEY_REMINDER,
)

# By e-mail these go as a plain message (notify's outbox) written from their template when
# the worker first sends it, not as a letter with a PDF (letters/mail.py); by post, as a
# letter like any other.
E_MAILED = frozenset(NEVER_HELD)

TRACKING_LINK = ("portal:track", "tracking_url")
SURVEY_LINK = ("portal:survey", "survey_url")


def private_link(kind: str) -> tuple[str, str]:
    """The private link a letter of `kind` carries when it is given a secret: its URL's
    name and the placeholder the template prints it with — the survey's own link for the
    survey's letters, the tracking page's for the others."""
    if kind in (Kind.SURVEY_INVITATION, Kind.SURVEY_REMINDER):
        return SURVEY_LINK
    return TRACKING_LINK

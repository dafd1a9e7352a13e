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

# What goes to the complainant whatever its text lacks: an acknowledgement held back would
# leave them unacknowledged (7.4), a recourse or a not-a-complaint notice unanswered. Their
# checks run where their text is made — a template saved, a letter written by hand — and
# never hold them back when a template's text is sent (letters/mail.py).
NEVER_HELD = (Kind.ACKNOWLEDGEMENT, Kind.RECOURSE, Kind.NOT_A_COMPLAINT)

# notify's messages to a complainant written from these templates (letters/mail.py).
E_MAILED = {Kind.ACKNOWLEDGEMENT, Kind.RECOURSE, Kind.NOT_A_COMPLAINT}

"""What the complainant reads for each public trail event (their words, not ours)."""

from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import EventKind as K

# Keyed by the trail's own vocabulary (EventKind); the sentences are the complainant's view.
UPDATES = {
    K.RECEIVED: _("We received your complaint."),
    K.ACKNOWLEDGED: _("We acknowledged your complaint."),
    # Public only when it was read as other feedback (triage, clause 3).
    K.TRIAGED: _(
        "We read your message as feedback rather than a complaint, and wrote to "
        "you why. If you want us to respond, tell us: it is then a complaint."
    ),
    K.AWAITING_COMPLAINANT: _("We asked you for more information."),
    K.DECISION_COMMUNICATED: _("We sent you our decision."),
    K.ACCEPTED: _("You accepted our decision."),
    K.REJECTED: _("You did not accept our decision. Your complaint stays open."),
    K.ESCALATED: _("A more senior person is reviewing your complaint."),
    K.REFERRED_EXTERNALLY: _("Your complaint was referred to an external body."),
    K.REMEDY_CARRIED_OUT: _("We carried out what we offered."),
    K.CLOSED: _("Your complaint was closed."),
    K.REOPENED: _("Your complaint was reopened."),
    K.WITHDRAWN: _("Your complaint was withdrawn."),
    K.MERGED: _("Your complaint was joined to another complaint of yours."),
    K.CORRESPONDENCE_IN: _("We received a message from you."),
    K.CORRESPONDENCE_OUT: _("We sent you a message."),
    K.IMPORTED: _("Your complaint was recorded."),
    K.PROGRESS_UPDATE_SENT: _("We sent you an update on your complaint."),
    K.LINK_ISSUED: _("We sent you a new private link; older links no longer open this page."),
    K.REVIEW_REQUESTED: _("You asked for an internal review."),
    K.CONTACT_PREFERENCE_SET: _("You told us how you want us to write to you."),
}

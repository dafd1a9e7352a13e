"""What the complainant reads for each public trail event (their words, not ours)."""

from django.utils.translation import gettext_lazy as _

UPDATES = {
    "received": _("We received your complaint."),
    "acknowledged": _("We acknowledged your complaint."),
    # Public only when it was read as other feedback (triage, clause 3).
    "triaged": _(
        "We read your message as feedback rather than a complaint, and wrote to "
        "you why. If you want us to respond, tell us: it is then a complaint."
    ),
    "awaiting_complainant": _("We asked you for more information."),
    "decision_communicated": _("We sent you our decision."),
    "accepted": _("You accepted our decision."),
    "rejected": _("You did not accept our decision. Your complaint stays open."),
    "escalated": _("A more senior person is reviewing your complaint."),
    "referred_externally": _("Your complaint was referred to an external body."),
    "remedy_carried_out": _("We carried out what we offered."),
    "closed": _("Your complaint was closed."),
    "reopened": _("Your complaint was reopened."),
    "withdrawn": _("Your complaint was withdrawn."),
    "merged": _("Your complaint was joined to another complaint of yours."),
    "correspondence_in": _("We received a message from you."),
    "correspondence_out": _("We sent you a message."),
    "imported": _("Your complaint was recorded."),
}

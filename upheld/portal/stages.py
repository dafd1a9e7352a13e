"""Where the complaint stands and what happens next, in the complainant's words (ISO 10002
7.3, 7.1 d–e: the process and its time limits in plain language). Keyed by the lifecycle's
states; `due` says whether the promised date of the clocks belongs to the sentence."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from upheld.complaints.models import Status as S


@dataclass(frozen=True)
class Stage:
    title: Promise
    next: Promise
    due: bool = False  # the sentence takes the promised date ("… by {due}")


STAGES: dict[str, Stage] = {
    S.RECEIVED: Stage(
        _("We have your complaint"),
        _(
            "A member of our complaints team will read it, look into it and send you our "
            "decision with the reasons for it by %(due)s."
        ),
        due=True,
    ),
    S.ACKNOWLEDGED: Stage(
        _("We have your complaint"),
        _(
            "A member of our complaints team will read it, look into it and send you our "
            "decision with the reasons for it by %(due)s."
        ),
        due=True,
    ),
    S.ASSESSED: Stage(
        _("We are looking at your complaint"),
        _("We will look into what happened and send you our decision by %(due)s."),
        due=True,
    ),
    S.INVESTIGATING: Stage(
        _("We are looking into what happened"),
        _("We will send you our decision and the reasons for it by %(due)s."),
        due=True,
    ),
    S.AWAITING_COMPLAINANT: Stage(
        _("We are waiting for information from you"),
        _(
            "Please send us what we asked for, below. Our time limit is paused until we "
            "have it, and runs again as soon as you send it."
        ),
    ),
    S.DECIDED: Stage(
        _("We have made our decision"),
        _("We are sending it to you now; you will then be able to tell us whether you accept it."),
    ),
    S.DECISION_COMMUNICATED: Stage(
        _("We have sent you our decision"),
        _(
            "Read it below and tell us whether you accept it. If you do not, you can ask for "
            "an internal review."
        ),
    ),
    S.ACCEPTED: Stage(
        _("You accepted our decision"),
        _("We are doing what we offered; we then close your complaint and tell you."),
    ),
    S.REJECTED: Stage(
        _("You did not accept our decision"),
        _(
            "Your complaint stays open. You can ask for an internal review by a more senior "
            "person below, or go to an independent body."
        ),
    ),
    S.ESCALATED: Stage(
        _("A more senior person is reviewing your complaint"),
        _(
            "Someone who did not make the first decision is looking at it again and will "
            "send you a new decision by %(due)s."
        ),
        due=True,
    ),
    S.REFERRED_EXTERNALLY: Stage(
        _("Your complaint is with an independent body"),
        _("The independent body will contact you. We will do what it decides."),
    ),
    S.CLOSED: Stage(
        _("Your complaint is closed"),
        _("You can still write to us about it, and see below what we decided and did."),
    ),
    S.WITHDRAWN: Stage(
        _("Your complaint was withdrawn"),
        _("If you want us to look at it again, write to us below or contact us."),
    ),
    S.MERGED: Stage(
        _("Your complaint was joined to another of yours"),
        _("We handle both together, under the other reference."),
    ),
}


def next_step(status: str, due) -> tuple[str, str]:
    """(where it stands, what happens next) — the promised date put in where it belongs;
    without one, the sentence without it."""
    stage = STAGES[status]
    if stage.due and due is None:
        return str(stage.title), str(_("We will send you our decision as soon as we can."))
    if stage.due:
        day = date_format(timezone.localtime(due), gettext("j F Y"))
        return str(stage.title), str(stage.next) % {"due": day}
    return str(stage.title), str(stage.next)

"""Why a move's form is not open to this person on this complaint now, in the words the
lifecycle would use if they sent it: the state does not allow it (409), or their role or a
conflict of interest does not (403). None when the form is open. The complaint page offers
exactly the moves whose form is open (reading.moves_open)."""

from django.utils.translation import gettext as _

from upheld.complaints import lifecycle, permissions
from upheld.complaints.actors import as_actor
from upheld.complaints.errors import IllegalMove, NotPermitted

from .reading import REMEDY_MOVES, pending_remedies


def why_not(user, complaint, move: str) -> tuple[int, str] | None:
    allowed = lifecycle.allowed_moves(complaint)
    if move not in allowed:
        return 409, str(IllegalMove(move, complaint.status, allowed))
    try:
        permissions.require(as_actor(user), move, complaint)
    except NotPermitted as refused:
        return 403, str(refused)
    if move in REMEDY_MOVES and not pending_remedies(complaint):
        return 409, _("No remedy of the decision in force is left to carry out or waive.")
    return None

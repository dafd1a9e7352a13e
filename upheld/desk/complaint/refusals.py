"""Why a move's form is not open to this person on this complaint now, in the words the
lifecycle would use if they sent it: the state does not allow it (409), or their role or a
conflict of interest does not (403). None when the form is open."""

from upheld.complaints import lifecycle, permissions
from upheld.complaints.actors import as_actor
from upheld.complaints.errors import IllegalMove, NotPermitted


def why_not(user, complaint, move: str) -> tuple[int, str] | None:
    allowed = lifecycle.allowed_moves(complaint)
    if move not in allowed:
        return 409, str(IllegalMove(move, complaint.status, allowed))
    try:
        permissions.require(as_actor(user), move, complaint)
    except NotPermitted as refused:
        return 403, str(refused)
    return None

"""The kept letters a person may read (ISO 10002 4.7, capability 29): a complaint's, once
the desk opened the complaint through the viewer-aware selector, and the post room's,
by the one visibility rule (complaints.visibility), so nobody prints a letter to the
complainant of a complaint they may not read."""

from django.db.models import QuerySet

from upheld.complaints import visibility
from upheld.complaints.errors import NotPermitted
from upheld.core.outbox import OutboxState

from .kinds import Channel, Direction
from .models import Letter

# What a list shows: never the PDF's bytes nor a pending secret.
LISTED = ("pdf", "pending_secret", "context")


def of_complaint(complaint) -> list[Letter]:
    """Every letter sent or received on the complaint, newest first."""
    return list(
        Letter.objects.filter(complaint=complaint)
        .select_related("template", "posted_by", "created_by")
        .defer(*LISTED)
        .order_by("-created_at", "-pk")
    )


def one_of(complaint, pk: int) -> Letter:
    """One of the complaint's letters (Letter.DoesNotExist for another complaint's)."""
    return Letter.objects.select_related("complaint").get(complaint=complaint, pk=pk)


def to_post(user) -> QuerySet[Letter]:
    """The post room: letters produced for posting and not posted yet, oldest first, of
    the complaints `user` may read."""
    where = visibility.rule_through(user, "complaint")
    if where is None:
        raise NotPermitted("No role that reads complaints.")
    return (
        Letter.objects.filter(
            where,
            channel=Channel.POST,
            direction=Direction.OUT,
            posted_on=None,
            state=OutboxState.SENT,
        )
        .select_related("complaint")
        .defer(*LISTED, "body")
        .order_by("created_at", "pk")
    )


def one_to_post(user, pk: int) -> Letter:
    """A letter of the post room (Letter.DoesNotExist when it is not there for `user`)."""
    return to_post(user).defer(None).select_related("complaint__complainant").get(pk=pk)

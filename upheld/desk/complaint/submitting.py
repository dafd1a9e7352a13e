"""One move per form, however often it is posted (web/formtoken.py): the form's one-time
token is written (models.MoveSubmission) in the transaction of the move it makes, so a
double click or the back button finds it and makes no second move; two POSTs at once queue
on its unique index and the second finds the first's row."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import MoveSubmission

KEPT = timedelta(days=1)


def already_made(token: str) -> bool:
    return MoveSubmission.objects.filter(token=token).exists()


def make_once(token: str, *, reference: str, move: str, by, make) -> bool:
    """Run `make()` (the lifecycle move) unless this token made a move already. True when
    it ran; False when the token was used (nothing made). The lifecycle's refusals pass
    through, and the token is then unused."""
    try:
        with transaction.atomic():
            MoveSubmission.objects.create(
                token=token, reference=reference, move=move, by=by, at=timezone.now()
            )
            make()
    except IntegrityError:
        if already_made(token):
            return False
        raise
    MoveSubmission.objects.filter(at__lt=timezone.now() - KEPT).delete()
    return True

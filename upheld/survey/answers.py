"""Taking the complainant's answers (ISO 10004): one per complaint, whichever link they
come by; a second (a double click, the back button) changes nothing."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from upheld.complaints.references import hash_secret

from .models import QUESTIONS, Invitation, Response


def invitation_for_secret(secret: str) -> Invitation | None:
    """The invitation the survey link opens (only its secret's hash is kept): one indexed
    look-up, whatever is wrong with the secret."""
    token = secret if secret and len(secret) <= 100 else ""  # looked up all the same
    found = Invitation.objects.filter(secret_hash=hash_secret(token))
    return found.select_related("complaint").first()


def invitation_of(complaint) -> Invitation | None:
    return Invitation.objects.filter(complaint=complaint).select_related("response").first()


def answered(invitation: Invitation) -> bool:
    return Response.objects.filter(invitation=invitation).exists()


def record(invitation: Invitation, scores: dict[str, int], comment: str, via: str) -> bool:
    """Keep the answers; False when this complaint's survey was already answered."""
    try:
        with transaction.atomic():
            Response.objects.create(
                invitation=invitation,
                **{name: int(scores[name]) for name in QUESTIONS},
                comment=comment.strip(),
                answered_at=timezone.now(),
                via=via,
            )
    except IntegrityError:
        return False
    return True

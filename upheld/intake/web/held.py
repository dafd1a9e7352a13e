"""Files held while a person corrects a form (ISO 10002 4.3: they need not choose them
again), kept within bounds (4.7, and against abuse): each client address may have at most
UPHELD_HELD_BYTES_PER_ADDRESS bytes held at a time, and the worker deletes held files
after HELD_FOR (periodic job `sweep-held-files`)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import HeldFile

HELD_FOR = timedelta(hours=2)


def within_quota(client: str, size: int) -> bool:
    """Whether `size` more bytes may be held for this address."""
    since = timezone.now() - HELD_FOR
    used = HeldFile.objects.filter(client=client, at__gte=since).aggregate(n=Sum("size"))["n"]
    return (used or 0) + size <= settings.UPHELD_HELD_BYTES_PER_ADDRESS


def not_kept(files) -> str:
    names = ", ".join(f.filename for f in files)
    message = _(
        "These files could not be kept while you correct the form; please choose them "
        "again: %(names)s"
    )
    return message % {"names": names}


def sweep() -> int:
    """Delete the files held for longer than HELD_FOR (a form abandoned)."""
    deleted, _ = HeldFile.objects.filter(at__lt=timezone.now() - HELD_FOR).delete()
    return deleted

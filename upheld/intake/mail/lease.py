"""One fetch at a time per mailbox, across processes and hosts (a row in the database).

Taken and renewed with one conditional UPDATE (atomic on SQLite and PostgreSQL), outside
any long transaction; a holder that dies leaves a lease that simply expires."""

import os
import socket
import threading
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .models import MailboxLease

TTL = timedelta(minutes=10)


def new_holder() -> str:
    return (
        f"{socket.gethostname()[:80]}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"
    )


def acquire(mailbox: str, holder: str, ttl: timedelta = TTL) -> bool:
    """Take (or renew) the lease; False while someone else holds it."""
    now = timezone.now()
    if not MailboxLease.objects.filter(mailbox=mailbox).exists():
        try:
            with transaction.atomic():
                MailboxLease.objects.create(mailbox=mailbox, holder="", expires_at=now)
        except IntegrityError:
            pass  # created by another run a moment ago
    free = Q(expires_at__lt=now) | Q(holder="") | Q(holder=holder)
    taken = MailboxLease.objects.filter(free, mailbox=mailbox).update(
        holder=holder, expires_at=now + ttl
    )
    return taken == 1


def renew(mailbox: str, holder: str, ttl: timedelta = TTL) -> bool:
    """Extend a lease this holder has; False when another run took it meanwhile."""
    return (
        MailboxLease.objects.filter(mailbox=mailbox, holder=holder).update(
            expires_at=timezone.now() + ttl
        )
        == 1
    )


def release(mailbox: str, holder: str) -> None:
    MailboxLease.objects.filter(mailbox=mailbox, holder=holder).update(
        holder="", expires_at=timezone.now()
    )

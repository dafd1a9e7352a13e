"""The letters' side of complaints/correspondence.py: the lifecycle (and the survey) name
the letter, the way and the facts; this writes it (ISO 10002 7.3, 7.4, 7.6, 7.8, 8.3; DISP
1.6.2R). What Upheld sends on its own (kinds.E_MAILED) goes by e-mail as a message written
from its template when the worker sends it (mail.py), by post as a letter. A letter the
regulator checks (a final response, a review outcome, a summary resolution, a holding
response) is filled from its template and checked now, inside the move, so a refusal
changes nothing; the others are filled by the worker when it produces them."""

from . import mail
from .kinds import E_MAILED, FINAL, Channel, Kind
from .service import send as queue

# Filled and checked while the move that sends them runs.
CHECKED = frozenset({*FINAL, Kind.HOLDING_RESPONSE})


def send(complaint, kind: str, *, way: str, context=None, secret: str = "", by=None):
    if way == "email" and kind in E_MAILED:
        return mail.queue(complaint, kind, context=context, secret=secret)
    channel = Channel.POST if way == "letter" else Channel.EMAIL
    return queue(
        complaint,
        kind,
        by=by,
        context=context,
        channel=channel,
        secret=secret,
        now=kind in CHECKED,
    )


def keep_inbound(complaint, *, channel: str, item, by=None, scans=None):
    from .inbound import keep

    return keep(complaint, channel=channel, item=item, by=by, scans=scans)

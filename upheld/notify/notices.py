"""The one way Upheld tells staff something (issue 9 point 7; ISO 10002 5.3, 7.3, 4.4):
`tell(people, kind, complaint=…, context=…)`, called inside the lifecycle's transaction.
Each person is told as they chose (notice_models.Way): a notice on their desk, an e-mail
through the outbox (`notify/<kind>_subject.txt` and `_body.txt`), or both — once each,
however many times they appear in `people`. Two statements (their choices, the notices)
plus one per e-mail, whatever the number of people."""

from django.template.loader import render_to_string
from django.utils import timezone

from upheld.core import localtime

from . import outbox
from .notice_models import Notice, NoticeChoice, Way


def people_of(users) -> list:
    """The active people among `users` (None and repeats dropped), in the order given."""
    seen, out = set(), []
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            out.append(user)
    return out


def tell(people, kind: str, *, complaint=None, context: dict | None = None) -> list:
    """Tell each of `people` of `kind` as they chose. Returns those told (someone who chose
    e-mail only and has no address is told on their desk all the same: nobody is left
    untold)."""
    people = people_of(people)
    if not people:
        return []
    context = dict(context or {})
    chosen = dict(
        NoticeChoice.objects.filter(user__in=[p.pk for p in people]).values_list("user", "way")
    )
    now = timezone.now()
    notices = []
    for person in people:
        way = chosen.get(person.pk, Way.BOTH)
        by_email = way in (Way.EMAIL, Way.BOTH) and bool(person.email)
        if by_email:
            outbox.queue_to_staff(person, kind, complaint=complaint, context=context)
        if way in (Way.DESK, Way.BOTH) or not by_email:
            notices.append(
                Notice(
                    recipient=person,
                    kind=kind,
                    complaint=complaint,
                    context=context,
                    created_at=now,
                )
            )
    Notice.objects.bulk_create(notices)
    return people


def headline(notice: Notice) -> str:
    """The notice in a line, in the active language: the e-mail's subject."""
    from .delivery import values

    ctx = {"complaint": notice.complaint, "recipient": notice.recipient, **values(notice.context)}
    with localtime.active():
        return render_to_string(f"notify/{notice.kind}_subject.txt", ctx).strip()


def way_of(user) -> str:
    found = NoticeChoice.objects.filter(user=user).values_list("way", flat=True).first()
    return found or Way.BOTH


def choose(user, way: str) -> None:
    if way not in Way.values:
        raise ValueError(way)
    NoticeChoice.objects.update_or_create(user=user, defaults={"way": way})

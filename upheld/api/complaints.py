"""The complaints resource: receive (7.2), read with trail (8.1), and every lifecycle move.

Handlers are thin: the lifecycle decides and refuses, selectors read, present.py shapes.
"""

import inspect

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from ninja import Header, Query, Router, Status

from upheld.complaints import lifecycle, selectors
from upheld.complaints.errors import InvalidInput, NotPermitted, Text, fmt
from upheld.complaints.moves import MOVES, Move
from upheld.complaints.roles import HANDLE, VIEW_TRAIL

from . import idempotency, present
from .errors import ERRORS, MOVE_ERRORS
from .listing import ComplaintPage, ListFilters, decode, encode
from .schemas import ComplaintCreated, ComplaintIn, ComplaintOut

router = Router(tags=["complaints"])


def require(request, perm: str, doing: Text) -> None:
    if not request.user.has_perm(perm):
        raise NotPermitted(
            fmt(
                _("{person} lacks {permission}, so cannot {doing}."),
                person=request.user.get_username(),
                permission=perm,
                doing=doing,
            )
        )


def _involved(usernames: list[str]) -> list:
    if not usernames:
        return []
    User = get_user_model()  # noqa: N806
    users = list(User.objects.filter(**{f"{User.USERNAME_FIELD}__in": usernames}))
    missing = set(usernames) - {u.get_username() for u in users}
    if missing:
        raise InvalidInput({"involved_users": f"No such users: {', '.join(sorted(missing))}."})
    return users


def _detail(request, reference: str) -> dict:
    with_trail = request.user.has_perm(VIEW_TRAIL)
    complaint = selectors.complaint_detail(
        request.user, reference, with_trail=with_trail, with_tasks=True
    )
    return present.detail(complaint, with_trail=with_trail)


@router.post(
    "/complaints",
    response={201: ComplaintCreated, **ERRORS},
    operation_id="receive_complaint",
    summary="Receive a complaint (ISO 10002 7.2)",
)
def receive(
    request,
    payload: ComplaintIn,
    idempotency_key: str | None = Header(  # noqa: B008
        None,
        alias="Idempotency-Key",
        max_length=255,
        description="Send the same key again to get the first answer instead of a "
        "second complaint. Reusing a key with a different body → 422.",
    ),
):
    """Record a complaint received through the API (channel `api`), acknowledge it and
    return its reference and the complainant's tracking secret — shown only here. Needs
    complaints.handle_complaint."""
    require(request, HANDLE, _("receive complaints"))
    data = payload.model_dump(mode="json")

    def create() -> tuple[int, dict]:
        fields = payload.model_dump(exclude={"complainant", "representative", "involved_users"})
        complaint = lifecycle.receive(
            channel="api",
            by=request.user,
            complainant=payload.complainant.model_dump(),
            representative=payload.representative.model_dump() if payload.representative else None,
            involved_users=_involved(payload.involved_users),
            **fields,
        )
        return 201, ComplaintCreated(**present.created(complaint)).model_dump(mode="json")

    status, body = idempotency.once(request.user, idempotency_key, data, create)
    return Status(status, body)


@router.get(
    "/complaints",
    response={200: ComplaintPage, **ERRORS},
    operation_id="list_complaints",
    summary="Complaints, newest first",
)
def listing(request, filters: Query[ListFilters]):
    """Complaints filtered by status, channel, category, time of receipt and assignee,
    newest first, a page at a time: pass the `next` cursor back for the following page.
    One query per page whatever its size. Lists the complaints the caller may read
    (complaints.view_complaint: all of them)."""
    ListFilters.refuse_unknown(request)
    after = decode(filters.cursor) if filters.cursor else None
    rows = list(
        selectors.complaint_list(
            request.user,
            status=filters.status,
            channel=filters.channel,
            category=filters.category,
            received_after=filters.received_after,
            received_before=filters.received_before,
            assignee=filters.assignee,
            after=after,
        )[: filters.limit + 1]
    )
    page = rows[: filters.limit]
    more = len(rows) > filters.limit
    return {
        "items": [present.summary(c) for c in page],
        "next": encode(page[-1].received_at, page[-1].pk) if more else None,
    }


@router.get(
    "/complaints/{reference}",
    response={200: ComplaintOut, **ERRORS},
    operation_id="get_complaint",
    url_name="complaint",  # links.absolute_url("api-v1:complaint", reference=...)
    summary="A complaint with its trail",
)
def detail(request, reference: str):
    """The record, its decisions and remedies, the moves open now and the trail (ISO 10002
    8.1), if the caller may read it (complaints.view_complaint: any complaint; 404 as for an
    unknown reference otherwise); the trail is included only with complaints.view_trail
    (otherwise `trail` is null)."""
    return _detail(request, reference)


def _who(move: Move) -> str:
    """Who may make the move, as permissions.py has it (the lifecycle checks it)."""
    also = " The complainant may make it too (tracking page)." if move.by_complainant else ""
    return f"Needs {move.permission}.{also}"


def _add_action(move: Move) -> None:
    """The route of one move, built from its description (complaints/moves)."""
    body = move.input
    doc = inspect.cleandoc(move.function.__doc__ or "")

    def act(request, reference: str, payload: body):  # type: ignore[valid-type]
        move.function(reference, by=request.user, **move.arguments(payload))
        return _detail(request, reference)

    act.__name__ = f"action_{move.name}"
    router.post(
        f"/complaints/{{reference}}/actions/{move.action}",
        response={200: ComplaintOut, **MOVE_ERRORS},
        operation_id=f"action_{move.name}",
        summary=f"{move.action} (ISO 10002 {move.clause})",
        description=f"{doc}\n\n{_who(move)} Returns the complaint as it is now.",
        tags=["actions"],
    )(act)


# Every move that acts on a complaint has its action route; `receive` is POST /complaints.
for _move in MOVES.values():
    if _move.input is not None:
        _add_action(_move)

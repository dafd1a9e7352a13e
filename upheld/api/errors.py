"""Every error the API gives is JSON of one shape: {"error": code, "detail": message, ...}.

409 adds "allowed_moves" (hyphenated action names), 422 adds "fields" (field → messages),
whether the input was refused by the schema or by the lifecycle.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from upheld.complaints.errors import IllegalMove, InvalidInput, NotPermitted
from upheld.complaints.models import Complaint

LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload"}


class Error(Schema):
    error: str
    detail: str


class MoveRefused(Error):
    """409: the move is not allowed now; `allowed_moves` lists what is."""

    allowed_moves: list[str]


class Invalid(Error):
    """422: what to fix, per field (dotted paths, e.g. `complainant.email`)."""

    fields: dict[str, list[str]]


# 400: the request itself could not be read (e.g. a missing or invalid Host header); it never
# reaches the route, so it is answered by `bad_request` below, as JSON of the same shape.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Invalid}
MOVE_ERRORS = {**ERRORS, 409: MoveRefused}


def action_name(move: str) -> str:
    return move.replace("_", "-")


def _json(api: NinjaAPI, request, status: int, body: dict, **headers):
    response = api.create_response(request, body, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _field(loc) -> str:
    parts = [str(p) for p in loc]
    while parts and parts[0] in LOCATIONS:
        parts.pop(0)
    if len(parts) > 1 and parts[0] == "payload":
        parts.pop(0)
    return ".".join(parts) or "body"


def bad_request(request) -> JsonResponse:
    """Django's answer to a request it refuses before routing (SuspiciousOperation: a bad
    Host header, too many fields…), for the API's paths: JSON, as every other error."""
    return JsonResponse(
        {"error": "bad_request", "detail": "The request could not be read (its headers or form)."},
        status=400,
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn domain and framework errors into JSON."""

    @api.exception_handler(ValidationError)
    def schema_invalid(request, exc: ValidationError):
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_field(err.get("loc", ())), []).append(err.get("msg", "Invalid."))
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in fields.items())
        return _json(
            api,
            request,
            422,
            {"error": "invalid_input", "detail": f"Invalid input — {detail}", "fields": fields},
        )

    @api.exception_handler(InvalidInput)
    def invalid(request, exc: InvalidInput):
        return _json(
            api, request, 422, {"error": exc.code, "detail": str(exc), "fields": exc.messages()}
        )

    @api.exception_handler(IllegalMove)
    def refused(request, exc: IllegalMove):
        return _json(
            api,
            request,
            409,
            {
                "error": exc.code,
                "detail": str(exc),
                "allowed_moves": [action_name(m) for m in exc.allowed],
            },
        )

    @api.exception_handler(NotPermitted)
    def forbidden(request, exc: NotPermitted):
        return _json(api, request, 403, {"error": exc.code, "detail": str(exc)})

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return _json(
            api,
            request,
            401,
            {
                "error": "unauthenticated",
                "detail": "Send a valid API token: `Authorization: Bearer <token>` "
                "(create one with `upheld issue-token USERNAME`).",
            },
            WWW_Authenticate='Bearer realm="upheld"',
        )

    @api.exception_handler(Complaint.DoesNotExist)
    def no_complaint(request, exc):
        return _json(
            api,
            request,
            404,
            {"error": "not_found", "detail": "There is no complaint with that reference."},
        )

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return _json(
            api,
            request,
            413,
            {
                "error": "too_large",
                "detail": f"The request body is larger than {limit} bytes; send less, or "
                "upload files one request at a time.",
            },
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _json(api, request, 404, {"error": "not_found", "detail": str(exc) or "Not found."})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # a body that is not JSON: input to fix, like any other
            return _json(
                api,
                request,
                422,
                {
                    "error": "invalid_input",
                    "detail": f"Invalid input — body: {exc.message}",
                    "fields": {"body": [f"{exc.message}: send a JSON object."]},
                },
            )
        codes = {
            403: "not_permitted",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
            429: "throttled",
        }
        return _json(
            api,
            request,
            exc.status_code,
            {"error": codes.get(exc.status_code, "http_error"), "detail": exc.message},
        )

    fallback = Router()

    @fallback.api_operation(
        ["GET", "POST", "PUT", "PATCH", "DELETE"],
        "/{path:path}",
        auth=None,
        include_in_schema=False,
    )
    def no_such_endpoint(request, path: str):
        """Unknown URLs under the API answer in JSON too."""
        raise Http404(f"There is no API endpoint /{path}; see /api/v1/docs.")

    api.add_router("/", fallback)  # last, so every real route matches first

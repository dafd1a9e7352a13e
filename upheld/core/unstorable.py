"""Text that cannot be stored never reaches a view (issue 12, point 3): a NUL character in
the address or the query string (PostgreSQL refuses it in any text, and the request used to
end in a 500) is answered 400 — as JSON under /api/, where every error is JSON (422 with
the field, as the API's OpenAPI document says), and as plain text elsewhere. Lone
surrogates cannot arrive this way: Django decodes the address and query as UTF-8 and
replaces what is not. Bodies are checked where they are parsed (the API's parser, forms'
CharField)."""

import json

from django.http import HttpResponse, HttpResponseBadRequest

from .input_policy import NUL_MESSAGE

API = "/api/"


class RefuseUnstorableText:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        if request.path.startswith(API):
            body = {
                "error": "invalid_input",
                "detail": f"Invalid input — {where}: {NUL_MESSAGE}",
                "fields": {where: [NUL_MESSAGE]},
            }
            return HttpResponse(json.dumps(body), status=422, content_type="application/json")
        return HttpResponseBadRequest(
            f"{where}: {NUL_MESSAGE}".encode(), content_type="text/plain; charset=utf-8"
        )


def _nul_in(request) -> str | None:
    if "\x00" in request.path:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            return key.replace("\x00", "") or "query"
    return None

"""JSON for the one API error django-ninja answers in plain text: 405 Method Not Allowed."""

import json

from django.http import HttpResponse

PREFIX = "/api/"


class JsonMethodNotAllowed:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith(PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            body = {
                "error": "method_not_allowed",
                "detail": f"{request.method} is not allowed on {request.path}; "
                f"use {allowed or 'another method'}.",
            }
            json_response = HttpResponse(
                json.dumps(body), status=405, content_type="application/json"
            )
            if allowed:
                json_response["Allow"] = allowed
            return json_response
        return response

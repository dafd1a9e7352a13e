"""The API, mounted at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from ninja import NinjaAPI

from . import errors
from .attachments import router as attachments
from .auth import TokenAuth
from .complaints import router as complaints
from .deadlines import router as deadlines

api = NinjaAPI(
    title="Upheld API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    description="Complaints handling to ISO 10002:2014. Authenticate with "
    "`Authorization: Bearer <token>` (tokens from `upheld issue-token USERNAME`). "
    "Errors are JSON: {error, detail} plus `allowed_moves` (409) or `fields` (422).",
)
api.add_router("/", complaints)
api.add_router("/", attachments)
api.add_router("/", deadlines)
errors.install(api)  # last: it also answers unknown URLs under /api/v1/ with JSON

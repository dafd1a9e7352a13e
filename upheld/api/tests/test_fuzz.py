"""The whole API, fuzzed from its own OpenAPI document (schemathesis): whatever a client
sends with a valid token — well-formed or not — Upheld never answers with a 5xx, and every
answer keeps the contract the document states (issue 12, point 3): documented status codes,
JSON bodies of the documented shape, input that breaks the schema refused. At least 2,000
calls, on SQLite and on PostgreSQL (CI runs the suite on both)."""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from upheld.api.models import ApiToken
from upheld.complaints.roles import COMPLAINTS_MANAGER

# Well-formed requests, then ones that break the schema (wrong types, missing fields…).
# Examples per operation and mode: at least 2,000 calls in all (issue 12, point 3), about
# a minute and a half on each database.
EXAMPLES = {GenerationMode.POSITIVE: 60, GenerationMode.NEGATIVE: 30}
MIN_CALLS = 2000


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application. As Django's test client does, the per-request closing of
    connections is paused: it would close the test's own transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_context(make_user, make_complaint):
    """A complaints manager's token and a few real complaints for the actions to work on."""
    _, key = ApiToken.issue(make_user(COMPLAINTS_MANAGER, "fuzzer"))
    references = [make_complaint(acknowledge=False).reference for _ in range(3)]
    return {"Authorization": f"Bearer {key}"}, references


def test_no_request_makes_the_api_fail(wsgi_app, fuzz_context):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    headers, references = fuzz_context
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 24, "every route is in the OpenAPI document"
    failures = []
    calls: list[int] = []
    for operation, mode in itertools.product(operations, EXAMPLES):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode],
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            if "reference" in (case.path_parameters or {}):
                # Mostly real complaints, so bodies reach the lifecycle, not just a 404.
                pick = len(repr(case.body)) % (len(references) + 1)
                if pick < len(references):
                    case.path_parameters["reference"] = references[pick]
            calls.append(1)
            # Every check of the contract (status codes, JSON as documented, response
            # schemas, bad input refused) but "schema-valid input accepted": a body can fit the
            # schema and still break a rule of receipt or of the move (a way to reach the
            # complainant, the state), which is a documented 409 or 422.
            # In multipart/form-data every value is text, so "a number where the schema
            # says string" is no violation there: the upload's fields are not held to it.
            excluded = [positive_data_acceptance]
            if case.media_type == "multipart/form-data":
                excluded.append(negative_data_rejection)
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 — collect them all
            failures.append(f"{operation.label} ({mode.value}): {exc}")
    assert not failures, "\n\n".join(failures)
    assert len(calls) >= MIN_CALLS, f"only {len(calls)} calls"

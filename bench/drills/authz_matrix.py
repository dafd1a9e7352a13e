"""Drill: the authorisation matrix (ISO 10002 4.7 confidentiality, 5.3 roles; issue 12).

Every URL pattern of the site, found by walking Django's URL resolver (the desk, the
admin, the portal, intake, the API, the accounts: a URL added tomorrow is in the next
run), and every operation of the API's OpenAPI document, each × every identity below ×
a complaint of the identity's own team and one of another team, with real objects in the
URL's parameters. Each answer is compared with the expectation table stated here (FAMILIES,
ADMIN_MODELS): an identity that should be refused must get no content (no 2xx, no 409
telling the state, no redirect that ends in content), and no page it gets may show a
complaint it may not read (the markers of each complaint are looked for in every body);
whatever it should open must open. It prints the requests made, the unexpected allows,
what could not be opened, server errors and URLs the table does not classify: all four
must be 0.

Every request runs in a transaction rolled back after it (so a move that is allowed is
really made, and undone: each request sees the same complaints), from an address of its
own (so the rate limits, which are not under test here, never answer instead of the
authorisation). CSRF checks are off, as for anyone who has read a form's token.

    python bench/drills/authz_matrix.py                      # SQLite, in a temporary dir
    DATABASE_URL=postgres://root@127.0.0.1:5432/x python bench/drills/authz_matrix.py

Makes and drops its own database (upheld_drill_authz beside DATABASE_URL's). The same
matrix runs in `make test` (upheld/project/tests/test_authz_matrix.py). The expectation
table is in authz_table.py, the world the requests are made in in authz_world.py, the
URLs made into probes in authz_urls.py.
"""

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from authz_table import (  # noqa: E402 — bench/drills is not a package
    ADMIN_MODELS,
    ALLOW,
    IDENTITIES,
    OURS,
    POST_DATA,
    REFUSE,
    Probe,
    expect,
    family_of,
    reads,
)
from authz_urls import probes_of_urls  # noqa: E402
from authz_world import World, build_world  # noqa: E402

__all__ = ["ADMIN_MODELS", "IDENTITIES", "POST_DATA", "World", "build_world", "run"]


def probes_of_api(world: World, document: dict) -> list[Probe]:
    """Every operation of the OpenAPI document, with a body that fits its schema."""
    probes = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            name = "api:" + operation["operationId"]
            family = family_of(name)
            if family is None:
                probes.append(Probe(name, "unclassified", method.upper(), path))
                continue
            body, multipart = None, False
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = minimal(content["application/json"]["schema"], document)
            elif "multipart/form-data" in content:
                multipart = True
            move = None
            if operation["operationId"].startswith("action_"):
                move = operation["operationId"].removeprefix("action_")
            targets = [(k, c.reference) for k, c in world.complaints.items()]
            for key, reference in targets if "{reference}" in path else [(None, None)]:
                filled = path.replace("{reference}", reference or "")
                probes.append(
                    Probe(
                        name,
                        family,
                        method.upper(),
                        filled,
                        complaint=key,
                        move=move,
                        body=body,
                        multipart=multipart,
                        api=True,
                    )
                )
    return probes


def minimal(schema: dict, document: dict):
    """The smallest value that fits a JSON schema: each required field, nothing else."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return minimal(document["components"]["schemas"][name], document)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return minimal(options[0], document) if options else None
    if "allOf" in schema:
        return minimal(schema["allOf"][0], document)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            k: minimal(v, document)
            for k, v in schema.get("properties", {}).items()
            if k in schema.get("required", [])
        }
    if kind == "array":
        return [minimal(schema.get("items", {}), document)] * schema.get("minItems", 0)
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if schema.get("format") == "date-time":
        return datetime.now(UTC).isoformat()
    if schema.get("format") == "date":
        return datetime.now(UTC).date().isoformat()
    if schema.get("format") == "email":
        return "someone@matrix.example"
    return "Matrix text." + "x" * max(schema.get("minLength", 0) - 12, 0)


# ------------------------------------------------------------------ asking


_addresses = itertools.count(1)
ALLOWED, REFUSED, NEUTRAL, ERROR = "allowed", "refused", "neutral", "server error"


def ask(world: World, identity: str, probe: Probe, path: str | None = None, depth: int = 0):
    """(outcome, status, body) of one request as `identity`, rolled back after."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    n = next(_addresses)
    address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
    client = Client(raise_request_exception=False, REMOTE_ADDR=address)
    headers = {}
    if probe.api and identity in world.tokens:
        headers["Authorization"] = f"Bearer {world.tokens[identity]}"
    elif identity in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[identity]
    path = path or probe.path
    with transaction.atomic():
        if probe.method == "GET" or depth:
            response = client.get(path, headers=headers)
        elif probe.multipart:
            upload = SimpleUploadedFile("m.pdf", b"%PDF-1.4 matrix", "application/pdf")
            response = client.post(path, {"files": [upload]}, headers=headers)
        elif probe.api:
            data = json.dumps(probe.body if probe.body is not None else {})
            response = client.generic(
                probe.method, path, data, content_type="application/json", headers=headers
            )
        else:
            response = client.post(path, POST_DATA.get(probe.name, {}), headers=headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        transaction.set_rollback(True)
    status = response.status_code
    if status >= 500:
        return ERROR, status, body
    if 200 <= status < 300 or status == 409:  # 409: the complaint's state is told
        return ALLOWED, status, body
    if status in (401, 403, 404, 410):
        return REFUSED, status, body
    if 300 <= status < 400:
        target = urlsplit(response["Location"]).path
        signing_in = {reverse("login"), reverse("admin:login"), reverse("web:second_factor")}
        if target in signing_in or target.startswith(reverse("web:second_factor")):
            return REFUSED, status, b""
        if target == reverse("admin:index") and probe.family == "admin-model":
            return REFUSED, status, b""  # "no such object": the admin's own refusal
        acts = probe.family != "admin-model" or probe.action != "view"
        if probe.method != "GET" and not depth and acts:
            return ALLOWED, status, b""  # done, and sent on
        if depth >= 3:
            return ALLOWED, status, b""
        return ask(world, identity, probe, target, depth + 1)
    return NEUTRAL, status, body  # 400, 405, 422, 429: the request refused, nothing told


@dataclass
class Figures:
    requests: int = 0
    outcomes: Counter = field(default_factory=Counter)
    unexpected_allows: list = field(default_factory=list)
    not_opened: list = field(default_factory=list)
    server_errors: list = field(default_factory=list)
    unclassified: list = field(default_factory=list)
    urls: int = 0
    operations: int = 0

    @property
    def clean(self) -> bool:
        return not (
            self.unexpected_allows or self.not_opened or self.server_errors or self.unclassified
        )


# The sample `make test` asks (essential=True): every URL pattern, identity, complaint and
# method, but of the moves only these, and of the admin's models only those the table
# names (the others are the superuser's alone, through the same Django code).
SAMPLE_MOVES = {"acknowledge", "classify", "assign", "close"}


def essential(probe: Probe) -> bool:
    if probe.move is not None and probe.move not in SAMPLE_MOVES:
        return False
    return probe.family != "admin-model" or probe.model in (*ADMIN_MODELS, "auth.user")


def run(world: World, *, sample: int = 1, only_essential: bool = False) -> Figures:
    """Ask every probe as every identity (every `sample`-th probe when sample > 1; the
    essential ones only when asked)."""
    import logging

    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 4xx are the point
    logging.getLogger("django.security").setLevel(logging.CRITICAL)
    figures = Figures()
    document = Client().get("/api/v1/openapi.json").json()
    url_probes, figures.unclassified, figures.urls = probes_of_urls(world, set(document["paths"]))
    api_probes = probes_of_api(world, document)
    figures.operations = sum(len(ops) for ops in document["paths"].values())
    for probe in api_probes:
        if probe.family == "unclassified":
            figures.unclassified.append(f"{probe.name} {probe.method} {probe.path}")
    probes = [p for p in url_probes + api_probes if p.family != "unclassified"]
    if only_essential:
        probes = [p for p in probes if essential(p)]
    probes = probes[::sample]
    for probe, identity in itertools.product(probes, IDENTITIES):
        who = IDENTITIES[identity]
        wanted = expect(probe, who, world)
        outcome, status, body = ask(world, identity, probe)
        figures.requests += 1
        figures.outcomes[outcome] += 1
        what = f"{identity}: {probe.method} {probe.path} → {status}"
        if outcome == ERROR:
            figures.server_errors.append(what)
        elif outcome == ALLOWED and wanted == REFUSE:
            figures.unexpected_allows.append(f"{what} (family {probe.family})")
        elif outcome == REFUSED and wanted == ALLOW:
            figures.not_opened.append(f"{what} (family {probe.family})")
        if outcome == ALLOWED and body:
            shown = _shown(world, body)
            may = {k for k in world.complaints if reads(who, k)}
            if probe.family == "secret" and probe.right_secret:
                may.add(OURS)
            for key in sorted(shown - may):
                figures.unexpected_allows.append(f"{what} shows the {key} complaint")
    return figures


def _shown(world: World, body: bytes) -> set[str]:
    text = body.decode("utf-8", "replace")
    return {k for k, markers in world.markers.items() if any(m in text for m in markers)}


# ------------------------------------------------------------------ the drill


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-name", default="upheld_drill_authz")
    parser.add_argument("--sample", type=int, default=1, help="every n-th URL only")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import InProcess, report

    scratch = InProcess(args.db_name)
    try:
        started = time.monotonic()
        world = build_world()
        figures = run(world, sample=args.sample)
        seconds = time.monotonic() - started
        database = scratch.describe()
    finally:
        if not args.keep:
            scratch.drop()
    report(
        f"authorisation matrix, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {database}",
        f"{figures.urls} URL patterns and {figures.operations} API operations × "
        f"{len(IDENTITIES)} identities × own team's / another team's complaint",
        f"{figures.requests} requests in {seconds:.0f} s: "
        + ", ".join(f"{k} {v}" for k, v in sorted(figures.outcomes.items())),
        f"unexpected allows: {len(figures.unexpected_allows)}",
        *(f"  {line}" for line in figures.unexpected_allows[:200]),
        f"expected to open but refused: {len(figures.not_opened)}",
        *(f"  {line}" for line in figures.not_opened[:200]),
        f"server errors: {len(figures.server_errors)}",
        *(f"  {line}" for line in figures.server_errors[:50]),
        f"URLs with no line in the expectation table: {len(figures.unclassified)}",
        *(f"  {line}" for line in figures.unclassified),
    )
    sys.exit(0 if figures.clean else 1)


if __name__ == "__main__":
    main()

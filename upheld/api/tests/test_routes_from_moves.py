"""The API's action routes are built from the one description of the moves: each described
move has its route, documented with its clause and the permission it needs, at the path it
always had."""

from django.test import Client

from upheld.complaints.moves import MOVES

# The action paths as published before the routes were built from the description.
PUBLISHED = (
    "acknowledge triage assess assign investigate await-complainant resume decide "
    "communicate-decision accept reject escalate refer-externally carry-out-remedy "
    "waive-remedy classify close reopen withdraw merge add-correspondence"
).split() + [
    "anonymise",  # added since (ISO 10002 4.7: erasure)
    "route",  # issue 9: teams (5.3)
    "prioritise",  # issue 9: the priority set by hand (7.5)
]
# Added with the time limits (issue 8): the regimes' moves.
PUBLISHED += "choose-regime send-holding-response evaluate-reportability record-mdr-report".split()
# Added with the complainant's side (issue 11): the private link, the review asked for,
# how to contact the complainant.
PUBLISHED += "issue-link revoke-link request-review choose-contact".split()
# Added with the desk (issue 9): investigation tasks (7.7).
PUBLISHED += ["add-task", "complete-task"]


def openapi(db) -> dict:
    return Client().get("/api/v1/openapi.json").json()


def test_every_described_move_has_its_route(db):
    paths = openapi(db)["paths"]
    for move in (m for m in MOVES.values() if not m.system_only):
        path = (
            "/api/v1/complaints"
            if move.input is None
            else f"/api/v1/complaints/{{reference}}/actions/{move.action}"
        )
        operation = paths[path]["post"]
        assert move.clause in operation["summary"] or move.name == "receive"
        if move.input is not None:
            assert move.permission in operation["description"], move.name


def test_every_action_keeps_its_published_path(db):
    actions = sorted(p for p in openapi(db)["paths"] if "/actions/" in p)
    assert actions == sorted(f"/api/v1/complaints/{{reference}}/actions/{a}" for a in PUBLISHED)

"""The API reads through the one visibility rule (complaints/visibility.py): what it lists
is what it opens, and a caller who may read no complaint is told so (403)."""

from django.db.models import Q

from upheld.complaints import visibility


def test_without_the_view_permission_the_api_neither_lists_nor_opens(
    make_user, make_complaint, api_as
):
    reference = make_complaint().reference
    api = api_as(make_user(role=None, username="visitor"))
    for path in ("/complaints", f"/complaints/{reference}"):
        response = api.get(path)
        assert response.status_code == 403 and response.json()["error"] == "not_permitted"


def test_a_narrower_rule_narrows_the_list_the_record_and_the_moves(
    monkeypatch, make_complaint, api_as, handler, other_handler, manager
):
    """Team queues plug into visibility.rule; here, a handler reads what is assigned to them."""
    from upheld.complaints import lifecycle

    mine, theirs = make_complaint(), make_complaint()
    lifecycle.assign(mine, by=manager, assignee=handler)
    lifecycle.assign(theirs, by=manager, assignee=other_handler)
    today = visibility.rule

    def by_assignment(user):
        return None if today(user) is None else Q(assignee=user)

    monkeypatch.setattr(visibility, "rule", by_assignment)

    api = api_as(handler)
    assert [c["reference"] for c in api.get("/complaints").json()["items"]] == [mine.reference]
    assert api.get(f"/complaints/{mine.reference}").status_code == 200
    # Not listed, so not opened either, and not acted on: to this caller it is not there.
    assert api.get(f"/complaints/{theirs.reference}").status_code == 404
    moved = api.post(f"/complaints/{theirs.reference}/actions/acknowledge", {"method": "phone"})
    assert moved.status_code == 404
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None

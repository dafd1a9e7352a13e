"""ISO 10002 8.1: a complaint is read with its whole trail, in a fixed number of queries."""

from upheld.complaints import lifecycle


def test_a_complaint_is_read_with_its_trail_and_the_moves_open_now(handler, api_as, make_complaint):
    complaint = make_complaint(involved_users=[])
    lifecycle.acknowledge(complaint, by=handler, method="phone")
    record = api_as(handler).get(f"/complaints/{complaint.reference}").json()
    assert record["reference"] == complaint.reference
    assert record["complainant"]["email"] == "ada@example.org"
    assert [(e["seq"], e["kind"]) for e in record["trail"]] == [
        (1, "received"),
        (2, "acknowledged"),
    ]
    assert record["trail"][1]["actor"] == "handler"
    assert record["trail"][1]["data"]["method"] == "phone"
    assert set(record["trail"][0]) == {"seq", "kind", "actor", "at", "data", "public"}
    assert (
        "assess" in record["allowed_moves"] and "await-complainant" not in record["allowed_moves"]
    )


def test_without_the_trail_permission_the_record_comes_without_its_trail(
    top_manager, api_as, make_complaint
):
    complaint = make_complaint()
    record = api_as(top_manager).get(f"/complaints/{complaint.reference}").json()
    assert record["reference"] == complaint.reference
    assert record["trail"] is None


def test_an_unknown_reference_is_404_json(handler, api_as):
    response = api_as(handler).get("/complaints/CMP-1999-000404")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "There is no complaint with that reference.",
    }
    response = api_as(handler).post("/complaints/CMP-1999-000404/actions/resume", {})
    assert response.status_code == 404


def _assess(complaint, handler):
    lifecycle.assess(
        complaint,
        by=handler,
        severity=2,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )


def _grow(complaint, handler, manager, times: int):
    for _ in range(times):
        lifecycle.add_correspondence(complaint, by=handler, body="More.")
    _assess(complaint, handler)
    lifecycle.investigate(complaint, by=handler)
    lifecycle.decide(
        complaint,
        by=handler,
        outcome="upheld",
        reasons="Ours.",
        remedies=[{"kind": "apology"}] * times,
    )


def test_reading_a_complaint_takes_the_same_few_queries_however_long_its_trail(
    handler,
    manager,
    api_as,
    make_complaint,
    django_assert_max_num_queries,
    django_assert_num_queries,
):
    client = api_as(handler)
    short, long = make_complaint(), make_complaint()
    _grow(short, handler, manager, 1)
    _grow(long, handler, manager, 12)
    client.get(f"/complaints/{short.reference}")  # token use recorded once
    # token, 2× perms, the teams (visibility), record + 6 related (clocks, tasks among them)
    with django_assert_max_num_queries(11) as counted:
        client.get(f"/complaints/{short.reference}")
    with django_assert_num_queries(len(counted.captured_queries)):
        body = client.get(f"/complaints/{long.reference}").json()
    assert len(body["trail"]) == 16 and len(body["decisions"][0]["remedies"]) == 12


def test_the_record_carries_the_investigations_tasks_and_what_became_of_them(
    handler, manager, api_as, make_complaint
):
    complaint = make_complaint(involved_users=[])
    _assess(complaint, handler)
    lifecycle.investigate(complaint, by=handler)
    lifecycle.add_task(
        complaint, by=manager, title="Ask the card scheme for its records.", owner=handler, due_in=5
    )
    tasks = api_as(handler).get(f"/complaints/{complaint.reference}").json()["tasks"]
    assert [(t["title"], t["owner"], t["state"], t["done_at"]) for t in tasks] == [
        ("Ask the card scheme for its records.", "handler", "open", None)
    ]
    lifecycle.complete_task(complaint, by=handler, task=tasks[0]["id"], outcome="They match.")
    (done,) = api_as(handler).get(f"/complaints/{complaint.reference}").json()["tasks"]
    assert (done["state"], done["outcome"]) == ("done", "They match.")
    assert done["done_at"] is not None

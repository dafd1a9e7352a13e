from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.verification import verify_all


def test_a_received_complaint_gets_a_reference_and_an_acknowledgement(
    make_complaint, smtp_server, run_worker
):
    complaint = make_complaint()
    assert complaint.reference.startswith("CMP-")
    run_worker()
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None
    assert complaint.status == "acknowledged"
    [mail] = smtp_server.to("ada@example.org")
    assert complaint.reference in mail["Subject"]
    assert complaint.secret in mail.get_content()
    assert all(b is None for _, b in verify_all())


def test_full_path(make_complaint, handler, category):
    c = make_complaint()
    lifecycle.assess(
        c,
        by=handler,
        severity=2,
        safety_implication=False,
        complexity=1,
        impact=1,
        immediate_action_needed=False,
    )
    lifecycle.investigate(c, by=handler)
    lifecycle.decide(c, by=handler, outcome="upheld", reasons="We charged twice.")
    lifecycle.communicate_decision(c, by=handler)
    lifecycle.accept(c, by=COMPLAINANT)
    lifecycle.classify(c, by=handler, category=category)
    c = lifecycle.close(c, by=handler)
    assert c.status == "closed"

"""Mass runs (ISO 10002 7.3; DISP 1.6.2R): holding responses to many complaints, each
through the lifecycle's move, done by the worker batch after batch with the progress kept;
one refused is counted and named, and the others go on."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.complaints.models import EventKind
from upheld.letters import mass
from upheld.letters.mass_runs import MassRun

HOLDING = {"reason": "We are waiting for the card scheme.", "expected_by": "2027-03-01"}


@pytest.fixture
def fca_complaints(letterhead, handler):
    def make(n: int, **complainant):
        out = []
        for i in range(n):
            c = lifecycle.receive(
                channel="letter",
                description=f"Complaint {i}.",
                complainant={"name": f"P{i}", "email": f"p{i}@example.org", **complainant},
                product="Current account",
                remedy_sought="Refund.",
                by=handler,
            )
            out.append(lifecycle.choose_regime(c, by=handler, regime="fca", reason="Bank."))
        return out

    return make


def test_holding_responses_to_many_go_batch_by_batch_and_a_refusal_is_named(
    fca_complaints, manager, run_worker, monkeypatch
):
    monkeypatch.setattr(mass, "BATCH", 2)
    many = fca_complaints(4)
    phone_only = fca_complaints(1, email="", phone="+44 20 7946 0000")[0]
    run = mass.start(
        MassRun.Action.HOLDING_RESPONSE, [*many, phone_only], by=manager, context=HOLDING
    )
    assert (run.total, run.handled) == (5, 0)
    assert mass.do_batch(run.pk) is True
    run.refresh_from_db()
    assert (run.handled, run.percent) == (2, 40), "the progress after one batch"
    run_worker()  # the rest, batch by batch, and every letter produced
    run.refresh_from_db()
    assert (run.done, run.refused, run.finished_at is not None) == (4, 1, True)
    [refusal] = run.refusals
    assert refusal["complaint"] == phone_only.reference and "no e-mail or postal" in refusal["why"]
    for c in many:
        assert c.events.filter(kind=EventKind.HOLDING_RESPONSE_SENT).count() == 1
        [letter] = c.letters.filter(kind="holding_response")
        assert letter.produced
        assert HOLDING["reason"] in letter.body


def test_a_holding_response_run_without_its_reason_and_date_is_refused_naming_them(manager):
    with pytest.raises(InvalidInput) as refused:
        mass.start(MassRun.Action.HOLDING_RESPONSE, [], by=manager, context={})
    assert set(refused.value.errors) == {"reason", "expected_by"}
    assert not MassRun.objects.exists()


def test_progress_updates_to_many_go_each_complainants_way_from_the_template(
    letterhead, handler, manager, run_worker, smtp_server
):
    def receive(**complainant):
        return lifecycle.receive(
            channel="letter",
            description="Charged twice.",
            complainant={"name": "Ada", **complainant},
            product="Current account",
            remedy_sought="Refund.",
            by=handler,
        )

    by_email = receive(email="ada@example.org")
    by_post = receive(postal_address="1 Leeds Road\nLeeds LS1 1AA")
    phone_only = receive(phone="+44 20 7946 0000")
    run = mass.start(MassRun.Action.PROGRESS_UPDATE, [by_email, by_post, phone_only], by=manager)
    run_worker()

    run.refresh_from_db()
    assert (run.done, run.refused) == (2, 1) and run.refusals[0][
        "complaint"
    ] == phone_only.reference
    [mail] = [m for m in smtp_server.to("ada@example.org") if "where it stands" in m["Subject"]]
    emailed, posted = (
        by_email.letters.get(kind="progress_update"),
        by_post.letters.get(kind="progress_update"),
    )
    assert (emailed.channel, posted.channel) == ("email", "post")
    assert emailed.template == posted.template and emailed.template.kind == "progress_update"
    assert by_email.reference in mail["Subject"] and posted.produced

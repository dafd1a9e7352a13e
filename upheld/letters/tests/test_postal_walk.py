"""A complainant with only a postal address, from receipt to the decision (ISO 10002 7.4,
7.6, 7.8; capability 29): every letter the lifecycle sends is written, listed for the post
room, printed, marked posted, kept with its digests and in the trail; their answer by
letter, recorded by staff, resumes handling."""

from upheld.complaints import lifecycle
from upheld.complaints.events import data_of
from upheld.complaints.files import IncomingFile
from upheld.complaints.models import EventKind, Status
from upheld.complaints.tests.helpers import ASSESSMENT
from upheld.letters import service
from upheld.letters.models import Letter, sha256
from upheld.notify.models import Message

from .conftest import REASONS, REMEDIES, flat, pdf_text

ADDRESS = "12 Analytical Row\nLondon\nN1 9GU"


def to_post() -> list[Letter]:
    return list(
        Letter.objects.filter(channel="post", direction="out", posted_on=None).order_by("pk")
    )


def post_the_one_letter(kind: str, manager) -> Letter:
    [letter] = to_post()
    assert letter.kind == kind and letter.produced
    assert letter.pdf_sha256 == sha256(bytes(letter.pdf))
    assert letter.body_sha256 == sha256(letter.body.encode())
    return service.mark_posted(letter, by=manager)


def sent_in_trail(complaint) -> list[tuple[str, str]]:
    return [
        (data_of(e)["kind"], data_of(e)["channel"])
        for e in complaint.events.filter(kind=EventKind.LETTER_SENT).order_by("seq")
    ]


def test_a_complainant_reachable_only_by_post_gets_every_letter_from_receipt_to_decision(
    letterhead, handler, manager, run_worker
):
    c = lifecycle.receive(
        channel="letter",
        description="I was charged twice.",
        complainant={"name": "Ada Lovelace", "postal_address": ADDRESS},
        product="Current account",
        remedy_sought="Refund the second charge.",
        by=handler,
    )
    run_worker()
    # 7.4: the acknowledgement is a letter to post, printed with the private link.
    [ack] = to_post()
    assert ack.kind == "acknowledgement" and ack.recipient_address == ADDRESS
    printed = flat(pdf_text(service.printable(ack)))
    assert f"/track/{c.secret}" in printed, "the copy to print carries the link"
    assert c.secret not in flat(pdf_text(ack.pdf)), "the kept copy never holds the secret"
    post_the_one_letter("acknowledgement", manager)
    c.refresh_from_db()
    assert c.status == Status.ACKNOWLEDGED, "a posted acknowledgement acknowledges"
    ack_event = c.events.get(kind=EventKind.ACKNOWLEDGED)
    assert data_of(ack_event)["method"] == "letter"

    # 7.6: the question reaches the complainant by post.
    c = lifecycle.assess(c, by=handler, **ASSESSMENT)
    c = lifecycle.assign(c, by=manager, assignee=handler)
    c = lifecycle.investigate(c, by=handler)
    c = lifecycle.await_complainant(c, by=handler, question="Which card did you pay with?")
    run_worker()
    rfi = post_the_one_letter("request_for_information", manager)
    assert "Which card did you pay with?" in flat(pdf_text(rfi.pdf))

    # Their answer comes by letter; staff record it with its scan, and handling goes on.
    scan = IncomingFile("answer.pdf", b"%PDF-1.4 scan", "application/pdf")
    c = lifecycle.add_correspondence(
        c,
        by=handler,
        direction="in",
        channel="post",
        sender="Ada Lovelace",
        body="The Visa.",
        attachments=[scan],
    )
    c.refresh_from_db()
    assert c.status == Status.INVESTIGATING, "the answer by letter resumes handling"
    [received] = Letter.objects.filter(complaint=c, direction="in")
    assert (received.channel, received.body) == ("post", "The Visa.")
    assert received.body_sha256 == sha256(b"The Visa.")
    assert [e["sha256"] for e in received.enclosures] == [sha256(scan.content)]

    # 7.8: the decision is a letter to post, checked, kept, and in the trail once posted.
    c = lifecycle.decide(c, by=handler, outcome="upheld", reasons=REASONS, remedies=REMEDIES)
    c = lifecycle.communicate_decision(c, by=handler, method="letter")
    run_worker()
    decision = post_the_one_letter("decision", manager)
    text = flat(pdf_text(decision.pdf))
    assert REASONS in text and "£1,234.50" in text
    assert not to_post(), "nothing is left to post"
    assert sent_in_trail(c) == [
        ("acknowledgement", "post"),
        ("request_for_information", "post"),
        ("decision", "post"),
    ]
    kept = {e.kind for e in Letter.objects.filter(complaint=c, direction="out")}
    assert kept == {"acknowledgement", "request_for_information", "decision"}
    assert all(x.posted_on and x.posted_by == manager for x in c.letters.filter(direction="out"))
    assert not Message.objects.filter(complaint=c).exclude(recipient_user__isnull=False).exists()

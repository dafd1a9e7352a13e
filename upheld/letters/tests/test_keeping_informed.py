"""Keeping the complainant informed from the versioned templates (ISO 10002 7.3, 7.9, 8.3;
DISP 1.6.1R(2); capability 15, 29): the clocks' progress updates, a new private link and
the survey's invitation and reminder are written from their template for the complaint's
kind, regime and language, go the complainant's way (e-mail, or a letter to post when
there is no e-mail address), say what they must, and are kept naming the template version
they came from. A new version changes the next message, never one already sent."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.actors import COMPLAINANT
from upheld.complaints.events import data_of
from upheld.complaints.lifecycle.alerts import act_on_clock
from upheld.complaints.models import EventKind
from upheld.letters import editing, facts, sample, service, text
from upheld.notify.models import Message

from .conftest import flat, pdf_text

KINDS = ("progress_update", "tracking_link", "survey_invitation", "survey_reminder")
BY_POST = {"name": "Ada Lovelace", "postal_address": "12 Analytical Row\nLondon\nN1 9GU"}
# Where each kind's default prints what it must carry (removed, the template is refused).
CARRIES = {
    "progress_update": ("{{ due }}", "the date by which we will send our final response"),
    "tracking_link": ("{{ tracking_url }}", "how to follow the complaint (the private link)"),
    "survey_invitation": ("{{ survey_url }}", "the private link to the survey"),
    "survey_reminder": ("{{ survey_url }}", "the private link to the survey"),
}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("regime", ["iso", "fca"])
@pytest.mark.parametrize("kind", KINDS)
def test_each_template_says_what_it_must_and_one_that_does_not_is_refused(
    db, manager, kind, regime, language
):
    template = text.current(kind, regime, language)
    shown = editing.preview(kind, regime, language, subject=template.subject, body=template.body)
    known = sample.facts_for(kind, regime, language)
    assert shown.missing == []
    assert sample.REFERENCE in shown.subject and sample.REFERENCE in shown.body
    must = {"progress_update": "due_on", "tracking_link": "tracking_url"}.get(kind, "survey_url")
    assert known[must] in shown.body

    placeholder, missing = CARRIES[kind]
    assert placeholder in template.body
    lacking = template.body.replace(placeholder, "")
    with pytest.raises(editing.TemplateRefused) as refused:
        editing.save(kind, regime, language, subject=template.subject, body=lacking, by=manager)
    assert [str(m) for m in refused.value.missing] == [missing]


def update(complaint):
    """The next progress update of the complaint's final-response clock, at its instant."""
    clock = complaint.clocks.get(key="final_response")
    act_on_clock(complaint.pk, clock=clock.pk, now=clock.next_point_at)
    return clock


def mail_body(mail) -> str:
    return flat(mail.get_body(preferencelist=("plain",)).get_content())


def updates(server, address: str) -> list:
    return [m for m in server.to(address) if "where it stands" in m["Subject"]]


def test_the_clocks_progress_update_is_emailed_from_its_template_and_kept_with_it(
    letterhead, make_complaint, smtp_server, run_worker
):
    complaint = make_complaint()
    clock = update(complaint)
    run_worker()

    [mail] = updates(smtp_server, "ada@example.org")
    body = mail_body(mail)
    letter = complaint.letters.get(kind="progress_update")
    assert (letter.channel, letter.template) == (
        "email",
        text.current("progress_update", "iso", "en"),
    )
    assert flat(letter.body) == body and letter.subject == mail["Subject"]
    assert complaint.reference in mail["Subject"]
    assert f"received on {facts.day(complaint.received_at, 'en')}" in body
    assert f"We will send you our final response by {facts.day(clock.due_at, 'en')}." in body
    [sent] = [
        e
        for e in complaint.events.filter(kind=EventKind.LETTER_SENT)
        if data_of(e)["kind"] == "progress_update"
    ]
    assert data_of(sent)["template"] == letter.template.label
    assert data_of(complaint.events.get(kind=EventKind.PROGRESS_UPDATE_SENT))["written"] == "email"


def test_a_new_version_changes_the_next_update_and_never_one_already_sent(
    letterhead, manager, make_complaint, smtp_server, run_worker
):
    complaint = make_complaint()
    update(complaint)
    run_worker()
    v2 = editing.save(
        "progress_update",
        "iso",
        "en",
        subject="News of {{ reference }}",
        body="Dear {{ salutation_name }}, {{ reference }} is in hand; answer by {{ due_on }}.",
        note="Shorter.",
        by=manager,
    )
    clock = update(complaint)
    run_worker()

    first_mail, second_mail = updates(smtp_server, "ada@example.org") + [
        m for m in smtp_server.to("ada@example.org") if m["Subject"].startswith("News of")
    ]
    first, second = complaint.letters.filter(kind="progress_update").order_by("pk")
    assert first.template.version == v2.version - 1 and first.template.kind == v2.kind
    assert flat(first.body) == mail_body(first_mail) and "still working" in first.body
    assert second.template == v2
    said = f"{complaint.reference} is in hand; answer by {facts.day(clock.due_at, 'en')}."
    assert said in mail_body(second_mail) and said in second.body


def test_without_an_email_address_the_update_and_a_new_link_are_letters_to_post(
    letterhead, make_complaint, manager, run_worker
):
    complaint = make_complaint(complainant=BY_POST)
    clock = update(complaint)
    lifecycle.issue_link(complaint, by=manager, note="Lost the first letter.")
    run_worker()

    progress = complaint.letters.get(kind="progress_update")
    link = complaint.letters.get(kind="tracking_link")
    assert progress.channel == link.channel == "post"
    assert progress.template == text.current("progress_update", "iso", "en")
    assert facts.day(clock.due_at, "en") in flat(pdf_text(progress.pdf))
    assert f"/track/{link.pending_secret}" in flat(pdf_text(service.printable(link)))
    assert link.pending_secret not in link.body, "the kept copy never holds the secret"
    assert not Message.objects.filter(complaint=complaint, recipient_user=None).exists()


def test_with_a_telephone_number_only_nothing_is_written_and_the_trail_says_so(
    make_complaint, run_worker
):
    complaint = make_complaint(complainant={"name": "Bob", "phone": "0113 496 0000"})
    update(complaint)
    run_worker()
    assert not complaint.letters.exists() and not complaint.messages.exists()
    assert data_of(complaint.events.get(kind=EventKind.PROGRESS_UPDATE_SENT))["written"] == "no"


def test_a_rejection_by_someone_without_email_brings_the_recourse_by_post(
    decided, handler, run_worker
):
    complaint = decided(complainant=BY_POST)
    complaint = lifecycle.communicate_decision(complaint, by=handler, method="letter")
    lifecycle.reject(complaint, by=COMPLAINANT, in_writing=True, reason="Not enough.")
    run_worker()
    recourse = complaint.letters.get(kind="recourse")
    assert recourse.channel == "post" and recourse.template.kind == "recourse"
    printed = flat(pdf_text(recourse.pdf))
    assert "internal review" in printed and "Financial Ombudsman Service" in printed

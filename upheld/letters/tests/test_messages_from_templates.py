"""Every message to a complainant is written from the letters' versioned templates (ISO
10002 7.4, 7.9; DISP 1.2.1R, 1.6.1R; capability 12, 29, 31): the acknowledgement, the
recourse after a rejection and the not-a-complaint notice, as a real mail server receives
them, say what their template version says, and each is kept as a letter naming that
version, in the trail once, with nothing lost or half-recorded when the mail server is down."""

from upheld.complaints import lifecycle
from upheld.complaints.events import data_of
from upheld.complaints.models import EventKind
from upheld.letters.models import Letter, Template
from upheld.notify import delivery
from upheld.notify.models import Message

from .conftest import FOS, flat


def new_version(kind: str, regime: str, language: str, body: str) -> Template:
    newest = Template.objects.filter(kind=kind, regime=regime, language=language).first()
    return Template.objects.create(
        kind=kind,
        regime=regime,
        language=language,
        version=newest.version + 1,
        subject=newest.subject,
        body=body,
        note="test",
    )


def mail_body(mail) -> str:
    return flat(mail.get_body(preferencelist=("plain",)).get_content())


def test_the_acknowledgement_email_is_the_current_template_version_and_is_kept_with_it(
    make_complaint, smtp_server, run_worker
):
    v2 = new_version(
        "acknowledgement",
        "iso",
        "en",
        "Dear {{ salutation_name }}, we have {{ reference }}, due by {{ response_due_on }}. "
        "Follow it: {{ tracking_url }}",
    )
    complaint = make_complaint()
    run_worker()

    [mail] = smtp_server.to("ada@example.org")
    assert f"we have {complaint.reference}, due by" in mail_body(mail)
    assert f"/track/{complaint.secret}" in mail_body(mail)
    [letter] = complaint.letters.all()
    assert (letter.kind, letter.channel, letter.template) == ("acknowledgement", "email", v2)
    assert complaint.secret not in letter.body and "TRACKING-SECRET" in letter.body
    assert letter.message.message_id == mail["Message-ID"].strip()
    [sent] = complaint.events.filter(kind=EventKind.LETTER_SENT)
    assert data_of(sent)["template"] == v2.label
    assert data_of(sent)["body_sha256"] == letter.body_sha256
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None


def test_a_retry_sends_the_text_first_written_even_after_the_template_changed(
    make_complaint, smtp_server, settings
):
    """Nothing half-recorded: the first attempt writes and keeps the text, the mail server
    refuses it; a new version saved meanwhile does not change what is then sent."""
    settings.UPHELD_DELIVERY_MAX_ATTEMPTS = 5
    complaint = make_complaint()
    message = Message.objects.get(complaint=complaint, kind="acknowledgement")
    smtp_server.stop()
    assert delivery.deliver(message.pk) == "retry"
    message.refresh_from_db()
    first = Template.objects.get(pk=message.context["template"])
    assert complaint.reference in message.body and not Letter.objects.exists()

    new_version("acknowledgement", "iso", "en", "Changed {{ reference }} {{ tracking_url }}")
    smtp_server.start()
    message.next_attempt_at = None
    message.save(update_fields=["next_attempt_at"])
    assert delivery.deliver(message.pk) == "sent"
    assert delivery.deliver(message.pk) == "nothing to do"

    [mail] = smtp_server.to("ada@example.org")
    assert "Changed" not in mail_body(mail)
    [letter] = complaint.letters.all()
    assert letter.template == first and letter.body == message.body
    assert complaint.events.filter(kind=EventKind.LETTER_SENT).count() == 1
    assert complaint.events.filter(kind=EventKind.ACKNOWLEDGED).count() == 1


def test_an_fca_acknowledgement_states_the_deadline_the_procedure_and_the_ombudsman(
    letterhead, make_complaint, handler, smtp_server, run_worker
):
    from upheld.deadlines.tests.conftest import use_profile_at_receipt

    use_profile_at_receipt("fca")
    complaint = make_complaint()
    run_worker()

    body = mail_body(smtp_server.to("ada@example.org")[0])
    complaint.refresh_from_db()
    assert complaint.regime == "fca"
    for says in ("eight weeks", "/complain/how/", FOS["name"], "financial-ombudsman.org.uk"):
        assert says in body, says
    assert complaint.letters.get().template.regime == "fca"


def test_the_recourse_after_a_rejection_lists_every_external_body_with_the_fca_limits(
    decided, handler, smtp_server, run_worker
):
    from upheld.complaints.actors import COMPLAINANT
    from upheld.organisation.models import ExternalBody

    ExternalBody.objects.create(name="Consumer Ombudsman Scheme", website="https://cos.example")
    c = lifecycle.choose_regime(decided(), by=handler, regime="fca", reason="A bank account.")
    c = lifecycle.communicate_decision(c, by=handler, method="email")
    lifecycle.reject(c, by=COMPLAINANT, in_writing=True, reason="Not enough.")
    run_worker()

    to_ada = smtp_server.to("ada@example.org")
    [mail] = [m for m in to_ada if "what you can do next" in m["Subject"]]
    body = mail_body(mail)
    for says in ("internal review", FOS["name"], "six months", "0800 023 4567"):
        assert says in body, says
    assert "Consumer Ombudsman Scheme" in body and "cos.example" in body
    letter = c.letters.get(kind="recourse")
    assert (letter.template.regime, letter.template.kind) == ("fca", "recourse")


def test_the_not_a_complaint_notice_is_written_in_spanish_with_its_reason(
    make_complaint, handler, smtp_server, run_worker
):
    complaint = make_complaint(
        complainant={"name": "Ana", "email": "ana@example.org", "preferred_language": "es"}
    )
    lifecycle.triage(complaint, by=handler, is_complaint=False, reason="Era una felicitación.")
    run_worker()

    [mail] = [m for m in smtp_server.to("ana@example.org") if "cómo lo tratamos" in m["Subject"]]
    body = mail_body(mail)
    assert "Era una felicitación." in body and "se trata de una reclamación" in body
    letter = complaint.letters.get(kind="not_a_complaint")
    assert (letter.language, letter.template.language) == ("es", "es")

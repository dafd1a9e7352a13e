"""Capability 28: an FCA final response, summary resolution communication or holding
response cannot go without what DISP 1.5.4R, 1.6.2R and Annex 3R require; an ISO decision
letter not without its reasons and next steps (7.8). Each refusal names what is missing."""

import pytest

from upheld.complaints import lifecycle
from upheld.complaints.errors import InvalidInput
from upheld.letters import service
from upheld.letters.checks import LetterRefused
from upheld.letters.kinds import Kind
from upheld.letters.models import Letter, LetterSettings
from upheld.letters.wording import annex_3r
from upheld.organisation.models import ExternalBody

WEBSITE = "https://www.financial-ombudsman.org.uk"


@pytest.fixture
def fca(decided, handler):
    return lifecycle.choose_regime(decided(), by=handler, regime="fca", reason="A bank account.")


def edited(complaint, kind=Kind.DECISION, **context):
    return service.draft(complaint, kind, context=context).body


def refused(complaint, body, kind=Kind.DECISION, **context) -> str:
    with pytest.raises(LetterRefused) as caught:
        service.send(complaint, kind, body=body, context=context)
    return str(caught.value)


def test_the_final_response_as_the_template_writes_it_may_go(fca, handler):
    letter = service.send(fca, Kind.DECISION, body=edited(fca), by=handler)
    assert Letter.objects.filter(pk=letter.pk, edited=True).exists()


@pytest.mark.parametrize(
    ("remove", "missing"),
    [
        ("six months", "the six-month time limit"),
        ("financial-ombudsman.org.uk", "the ombudsman's website"),
        ("0800 023 4567", "the ombudsman's contact details"),
        ("Financial Ombudsman Service", "the right to refer the complaint"),
        ("we must do so", None),  # not in the letter: nothing removed, nothing missing
    ],
)
def test_a_final_response_without_an_element_is_refused_naming_it(fca, remove, missing):
    body = edited(fca)
    if missing is None:
        assert service.send(fca, Kind.DECISION, body=body.replace(remove, "")).pk
        return
    # Remove every trace, including inside the Annex 3R wording where it occurs there.
    message = refused(fca, body.replace(remove, "…").replace("Exchange Tower", "…"))
    assert missing in message


def test_without_the_annex_3r_wording_it_is_refused(fca):
    body = edited(fca).replace(
        annex_3r("no", "en"), "You may go to the Financial Ombudsman Service within six months."
    )
    assert "DISP 1 Annex 3R" in refused(fca, body)


def test_the_wording_must_match_the_firms_choice_on_waiving_the_time_limits(fca):
    body = edited(fca)  # says the firm does not consent
    row = LetterSettings.current()
    row.fos_consent = "yes"
    row.save()
    assert "consent to waive" in refused(fca, body)
    assert service.send(fca, Kind.DECISION, body=edited(fca)).pk  # the template follows it


def test_without_the_leaflet_uploaded_it_is_refused(fca):
    body = edited(fca)
    row = LetterSettings.current()
    row.fos_leaflet = ""
    row.save()
    assert "leaflet" in refused(fca, body)


def test_without_the_ombudsman_among_the_external_bodies_nothing_final_can_go(fca):
    ExternalBody.objects.all().delete()
    assert "among the external bodies" in refused(fca, edited(fca))


def test_a_template_that_drops_an_element_fails_when_the_worker_produces_it(fca, handler):
    from upheld.letters.models import Template

    t = Template.objects.get(kind="decision", regime="fca", language="en")
    Template.objects.create(
        kind=t.kind,
        regime=t.regime,
        language=t.language,
        version=t.version + 1,
        subject=t.subject,
        body=t.body.replace("{{ fos_waiver }}", ""),
    )
    letter = service.send(fca, Kind.DECISION, by=handler)
    assert service.OUTBOX.deliver(letter.pk) in ("retry", "failed")
    assert "Annex 3R" in Letter.objects.get(pk=letter.pk).last_error


def test_a_summary_resolution_communication_is_checked_the_same_way(fca):
    body = edited(fca, Kind.SUMMARY_RESOLUTION)
    assert service.send(fca, Kind.SUMMARY_RESOLUTION, body=body).pk
    message = refused(fca, body.replace(WEBSITE, ""), Kind.SUMMARY_RESOLUTION)
    assert "website" in message


HOLD = {"reason": "We are waiting for the card scheme.", "expected_by": "2027-02-01"}


def test_a_holding_response_must_say_why_and_when(fca):
    body = edited(fca, Kind.HOLDING_RESPONSE, **HOLD)
    assert service.send(fca, Kind.HOLDING_RESPONSE, body=body, context=HOLD).pk
    why = refused(fca, body.replace(HOLD["reason"], "Reasons."), Kind.HOLDING_RESPONSE, **HOLD)
    assert "why we are not yet in a position to respond" in why
    when = refused(fca, body.replace("1 February 2027", "soon"), Kind.HOLDING_RESPONSE, **HOLD)
    assert "when we expect to send the final response" in when


def test_several_missing_elements_are_all_named(fca):
    message = refused(
        fca,
        "Dear Ada, we decided. The order was charged twice by our payment "
        "provider. You may ask for a review.",
    )
    for element in ("six-month", "website", "contact details", "Annex 3R", "right to refer"):
        assert element in message


def test_an_iso_decision_letter_needs_its_reasons_and_next_steps(decided):
    complaint = decided()
    body = edited(complaint)
    assert "the reasons for the decision" in refused(
        complaint, body.replace("charged twice", "charged")
    )
    assert "the next steps" in refused(complaint, body.replace("review", "look"))


def test_a_refusal_is_in_spanish_for_a_spanish_reader(fca):
    from django.utils import translation

    with pytest.raises(InvalidInput) as caught:
        service.send(fca, Kind.DECISION, body="Nada.")
    with translation.override("es"):
        assert "No se puede enviar esta carta" in str(caught.value)
